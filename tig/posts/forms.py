from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from dsfr.utils import dsfr_input_class_attr

from tig.accounts.models import User
from tig.core.forms import BaseForm, BaseModelForm
from tig.organisations.models import Organisation
from tig.posts.enums import REVISION_FIELDS, ActivityDomain, MeasureType, SearchOrder, Weekday
from tig.posts.models import Post
from tig.posts.search import RADIUS_DEFAULT_KM, RADIUS_MAX_KM, RADIUS_MIN_KM, Criteria
from tig.territories.enums import Zone
from tig.territories.fields import AUTOCOMPLETE_ATTRS, CommuneField
from tig.territories.geo import haversine_km
from tig.territories.geocoding import geocode
from tig.territories.models import Commune, Departement

MAX_PLACES = 50
# How far from its commune's point a pin may be moved; Guyane's communes are immense.
PIN_DEFAULT_TOLERANCE_KM = 30
PIN_TOLERANCE_KM = {"973": 200}

RADIUS_MESSAGE = f"Le rayon doit être un nombre de kilomètres compris entre {RADIUS_MIN_KM} et {RADIUS_MAX_KM}."


class SearchForm(BaseForm):
    """The criteria of a search, read from the query string so that every search is a URL."""

    lieu = forms.CharField(
        label="Commune ou code postal",
        required=False,
        max_length=120,
        help_text="Par exemple : Dijon, Dijon (21) ou 21000.",
        widget=forms.TextInput(attrs=AUTOCOMPLETE_ATTRS),
    )
    rayon = forms.IntegerField(
        label="Rayon (km)",
        required=False,
        min_value=RADIUS_MIN_KM,
        max_value=RADIUS_MAX_KM,
        error_messages={"min_value": RADIUS_MESSAGE, "max_value": RADIUS_MESSAGE, "invalid": RADIUS_MESSAGE},
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    departement = forms.ModelChoiceField(
        label="Ou tout un département",
        queryset=Departement.objects.exclude(zone=Zone.COM),
        to_field_name="code",
        required=False,
        empty_label="Choisir un département",
        error_messages={"invalid_choice": "Ce département n'existe pas."},
    )
    domaine = forms.MultipleChoiceField(
        label="Domaines d'activité",
        choices=ActivityDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Le domaine « %(value)s » n'existe pas."},
    )
    disponible = forms.BooleanField(label="Avec des places disponibles", required=False)
    weekend = forms.BooleanField(label="Ouvert le week-end", required=False)
    mineurs = forms.BooleanField(label="Ouvert aux mineurs de 16 ans et plus", required=False)
    pmr = forms.BooleanField(label="Accessible aux personnes à mobilité réduite", required=False)
    transports = forms.BooleanField(label="Desservi par les transports en commun", required=False)
    collectif = forms.BooleanField(label="Chantier collectif", required=False)
    tri = forms.ChoiceField(
        label="Trier par",
        choices=SearchOrder.choices,
        required=False,
        error_messages={"invalid_choice": "Choisissez un ordre de la liste."},
    )
    mesure = forms.ChoiceField(
        label="Mesure",
        choices=[("", "TIG ou TNR"), *MeasureType.choices],
        required=False,
        error_messages={"invalid_choice": "Choisissez TIG ou TNR."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lookup = None

    def clean_lieu(self):
        text = self.cleaned_data["lieu"].strip()
        if not text:
            return None
        self.lookup = Commune.objects.resolve(text)
        commune = self.lookup.commune
        if commune is None:
            raise ValidationError(self.lookup.error)
        if not commune.is_located:
            raise ValidationError(
                f"La commune {commune.label} n'est pas géolocalisée dans le référentiel : "
                "la recherche autour d'elle n'est pas possible."
            )
        return commune

    def clean_rayon(self):
        return self.cleaned_data["rayon"] or RADIUS_DEFAULT_KM

    # What the hand-written markup of the search page needs (a widget template per
    # <option> would cost more than the search itself).
    BOOLEAN_FILTERS = ("disponible", "weekend", "mineurs", "pmr", "transports", "collectif")

    def domain_checkboxes(self) -> list[tuple[str, str, str, str, bool]]:
        chosen = set(self.data.getlist("domaine")) if hasattr(self.data, "getlist") else set()
        return [
            ("domaine", value, f"id_domaine_{index}", label, value in chosen)
            for index, (value, label) in enumerate(ActivityDomain.choices)
        ]

    def order_options(self) -> list[tuple[str, str, bool]]:
        """The sorts offered: the distance only around a commune."""
        chosen = str(self.data.get("tri", "")) or SearchOrder.DISTANCE
        around = bool(self.data.get("lieu", "").strip()) if hasattr(self.data, "get") else True
        return [
            (value, label if around or value != SearchOrder.DISTANCE else "Commune", value == chosen)
            for value, label in SearchOrder.choices
        ]

    def measure_options(self) -> list[tuple[str, str, bool]]:
        chosen = str(self.data.get("mesure", ""))
        return [(value, label, value == chosen) for value, label in self.fields["mesure"].choices]

    def condition_checkboxes(self) -> list[tuple[str, str, str, str, bool]]:
        return [
            (name, "on", f"id_{name}", field.label, field.widget.value_from_datadict(self.data, None, name))
            for name, field in ((name, self.fields[name]) for name in self.BOOLEAN_FILTERS)
        ]

    @property
    def has_filters(self) -> bool:
        return any(self.data.get(name) for name in ("domaine", "mesure", *self.BOOLEAN_FILTERS))

    @property
    def is_requested(self) -> bool:
        """Whether the user asked for a search (and not only opened the page)."""
        return self.is_bound and bool(self.data.get("lieu", "").strip() or self.data.get("departement"))

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            commune=data["lieu"],
            radius_km=data["rayon"],
            departement=data["departement"],
            domains=tuple(data["domaine"]),
            available_only=data["disponible"],
            weekend=data["weekend"],
            minors=data["mineurs"],
            pmr=data["pmr"],
            public_transport=data["transports"],
            measure=data["mesure"],
            collective=data["collectif"],
            order=data["tri"] or SearchOrder.DISTANCE,
        )


DECISION_NOTE = "Changer ce champ demande une nouvelle décision d'inscription ; d'ici là, le poste reste proposé tel qu'il est inscrit."


class PostForm(BaseModelForm):
    """Create or edit a post. The weekly schedule is one time range per day worked; the
    point is the commune's unless the user moved the pin (or the geocoder placed it)."""

    commune = CommuneField(label="Commune du lieu de travail")
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    pin_moved = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Post
        fields = [
            "title",
            "domain",
            "tasks",
            "site_address",
            "commune",
            "places_offered",
            "places_taken",
            "schedule_notes",
            "accepts_tig",
            "accepts_tnr",
            "pmr_accessible",
            "public_transport",
            "minors_allowed",
            "collective",
            "driving_licence_required",
            "physical_effort",
            "night_work",
            "particular_risks",
            "care_establishment",
            "tutors",
            "status",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "tutors": forms.CheckboxSelectMultiple,
            "places_offered": forms.NumberInput(attrs={"min": 1, "max": MAX_PLACES}),
            "places_taken": forms.NumberInput(attrs={"min": 0, "max": MAX_PLACES}),
        }
        help_texts = {
            "places_taken": "Personnes actuellement accueillies sur ce poste.",
            "schedule_notes": "Par exemple : « un samedi sur deux », « hors vacances scolaires ».",
            "site_address": "Numéro et voie, si le lieu n'est pas le siège de la structure.",
            "collective": "Les dates, horaires, places et encadrants se saisissent ensuite dans « Séances du chantier ».",
        }

    def __init__(self, *args, organisation: Organisation, user: User, **kwargs) -> None:
        self.organisation = organisation
        self.user = user
        super().__init__(*args, **kwargs)
        for day in Weekday:
            start, end = (
                self.instance.schedule.get(day, {}).get("start"),
                self.instance.schedule.get(day, {}).get("end"),
            )
            self.fields[f"{day}_start"] = forms.TimeField(
                label=f"{day.label} : début",
                required=False,
                initial=start,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"{day}_end"] = forms.TimeField(
                label=f"{day.label} : fin",
                required=False,
                initial=end,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
        self.fields["places_offered"].validators.append(MaxValueValidator(MAX_PLACES))
        self.fields["tutors"].queryset = User.objects.filter(memberships__organisation=organisation).order_by(
            "last_name", "first_name"
        )
        self.fields["tutors"].help_text = "Membres de la structure qui encadrent ce poste."
        self._mark_fields_needing_a_decision()
        if self.instance.pk:
            self.fields["lat"].initial, self.fields["lon"].initial = self.instance.lat, self.instance.lon
        for day in Weekday:
            dsfr_input_class_attr(self[f"{day}_start"])
            dsfr_input_class_attr(self[f"{day}_end"])

    @property
    def schedule_fields(self):
        return [(day.label, self[f"{day}_start"], self[f"{day}_end"]) for day in Weekday]

    @property
    def main_fields(self):
        return [self[name] for name in ("title", "domain", "tasks", "site_address", "commune")]

    def clean_commune(self):
        commune = self.cleaned_data["commune"]
        if self.user.is_referent and commune.departement_id not in self.user.referent_departement_codes:
            raise ValidationError(
                f"Vous êtes référent pour d'autres départements que celui de {commune.label} : "
                "ce poste relève du référent de ce département."
            )
        return commune

    def clean(self):
        cleaned = super().clean()
        schedule = {}
        for day in Weekday:
            start, end = cleaned.get(f"{day}_start"), cleaned.get(f"{day}_end")
            if start is None and end is None:
                continue
            if start is None or end is None:
                self.add_error(f"{day}_end", f"{day.label} : indiquez l'heure de début et l'heure de fin.")
            elif end <= start:
                self.add_error(f"{day}_end", f"{day.label} : l'heure de fin doit suivre l'heure de début.")
            else:
                schedule[day.value] = {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
        self.schedule = schedule

        offered, taken = cleaned.get("places_offered"), cleaned.get("places_taken")
        if offered is not None and taken is not None and taken > offered:
            self.add_error(
                "places_taken",
                f"Le nombre de places occupées ({taken}) ne peut pas dépasser le nombre de places offertes ({offered}).",
            )
        if not cleaned.get("accepts_tig") and not cleaned.get("accepts_tnr"):
            self.add_error("accepts_tnr", "Indiquez si le poste accueille des TIG, des TNR ou les deux.")

        commune = cleaned.get("commune")
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if commune is not None and cleaned.get("pin_moved") and lat is not None and lon is not None:
            limit = PIN_TOLERANCE_KM.get(commune.departement_id, PIN_DEFAULT_TOLERANCE_KM)
            if haversine_km(commune.lat, commune.lon, lat, lon) > limit:
                self.add_error("commune", f"Le point placé sur la carte est à plus de {limit} km de {commune.label}.")
        return cleaned

    def _place(self, post: Post) -> None:
        cleaned = self.cleaned_data
        commune = cleaned["commune"]
        if cleaned.get("pin_moved") and cleaned.get("lat") is not None and cleaned.get("lon") is not None:
            post.lat, post.lon = cleaned["lat"], cleaned["lon"]
        elif not post.pk or "commune" in self.changed_data or "site_address" in self.changed_data:
            post.lat, post.lon = geocode(post.site_address, commune) or (commune.lat, commune.lon)

    def save(self, commit=True):
        post = super().save(commit=False)
        post.organisation = self.organisation
        post.schedule = self.schedule
        self._place(post)
        if commit:
            post.save()
            self.save_m2m()
        return post

    def _mark_fields_needing_a_decision(self) -> None:
        """On a registered post, say before saving which changes need a decision (R16)."""
        post = self.instance
        if not (post.pk and post.is_registered):
            return
        self.decision_fields = [name for name in REVISION_FIELDS if name in self.fields]
        for name in self.decision_fields:
            field = self.fields[name]
            field.help_text = f"{field.help_text} {DECISION_NOTE}".strip()
        registered = post.places_registered or post.places_offered
        self.fields["places_offered"].help_text = (
            f"Le poste est inscrit pour {registered} place{'s' if registered > 1 else ''} : en offrir moins ne "
            "demande aucune décision ; davantage demande une nouvelle décision d'inscription."
        )


class SessionForm(BaseForm):
    """One session of a collective worksite, or the same every week for several weeks."""

    day = forms.DateField(label="Date (de la première séance)", widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="Début", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="Fin", widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label="Places par séance", min_value=1, max_value=100)
    meeting_point = forms.CharField(
        label="Point de rendez-vous", max_length=255, help_text="Où le groupe retrouve son encadrant."
    )
    weeks = forms.IntegerField(
        label="Nombre de semaines",
        min_value=1,
        max_value=52,
        initial=1,
        help_text="1 pour une seule séance ; 4 pour la même séance quatre semaines de suite.",
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "La séance finit après avoir commencé.")
        return data


class SessionChangeForm(SessionForm):
    whole_series = forms.BooleanField(
        label="Appliquer les horaires, les places et le point de rendez-vous à toutes les séances suivantes "
        "de la série",
        required=False,
    )

    def __init__(self, *args, in_series: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["weeks"]
        self.fields["day"].label = "Date"
        if not in_series:
            del self.fields["whole_series"]


class CancelSessionForm(BaseForm):
    reason = forms.CharField(label="Motif de l'annulation", max_length=255, help_text="Par exemple : alerte météo.")
    whole_series = forms.BooleanField(label="Annuler aussi les séances suivantes de la série", required=False)

    def __init__(self, *args, in_series: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not in_series:
            del self.fields["whole_series"]


class SupervisorsForm(BaseForm):
    supervisors = forms.ModelMultipleChoiceField(
        label="Encadrants du chantier",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Les membres de la structure, et les agents du SPIP ou de la PJJ du département.",
    )

    def __init__(self, *args, candidates: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supervisors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = User.objects.filter(pk__in=[candidate.pk for candidate in candidates]).order_by(
            "last_name", "first_name"
        )
        field.label_from_instance = lambda user: f"{user.get_full_name()} — {user.get_role_display()}"
