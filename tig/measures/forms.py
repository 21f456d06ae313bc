import math
from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from tig.accounts.enums import MagistrateFunction, Role, ServiceKind
from tig.accounts.models import Service, User
from tig.core.dates import add_months, years_between
from tig.core.forms import BaseForm, BaseModelForm
from tig.measures.enums import (
    MAX_DAILY_HOURS,
    MAX_DAILY_HOURS_MINOR,
    MAX_DEADLINE_MONTHS,
    MINOR_MIN_AGE_AT_DECISION,
    MINOR_MIN_AGE_AT_OFFENCE,
    SUSPENDING_KINDS,
    ConsentMode,
    FailureReason,
    HostAction,
    MeasureKind,
    MedicalTrigger,
    hours_range,
)
from tig.measures.models import Incident, Measure, Suspension
from tig.measures.progress import behind_pace, format_hours
from tig.territories.fields import CommuneField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeasureForm(BaseModelForm):
    """A measure as the decision states it. The limits of the law are checked here, each
    with its reason in French; the person is a minor if under 18 on the day of the decision."""

    residence = CommuneField(label="Commune de résidence")

    class Meta:
        model = Measure
        fields = [
            "appi_number",
            "last_name",
            "first_names",
            "birth_date",
            "residence",
            "phone",
            "kind",
            "hours_ordered",
            "sentence_date",
            "deadline",
            "offence_date",
            "consent_mode",
            "tribunal",
            "jap",
            "assignment_reserved",
            "works_weekdays",
            "reduced_mobility",
            "no_driving_licence",
            "officer",
        ]
        widgets = {"birth_date": DATE, "sentence_date": DATE, "deadline": DATE, "offence_date": DATE}
        help_texts = {
            "appi_number": "Le numéro de la mesure dans l'application des peines (APPI).",
            "deadline": f"Au plus {MAX_DEADLINE_MONTHS} mois après la décision.",
            "offence_date": "Obligatoire pour un mineur (13 ans au moins à la date des faits).",
            "hours_ordered": "TIG : de 20 à 400 heures.",
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = True
        # The tribunals of the service's département.
        self.fields["tribunal"].queryset = Service.objects.filter(
            kind=ServiceKind.TRIBUNAL, departement_id=user.service.departement_id if user.service_id else None
        ).order_by("name")
        self.fields["jap"].queryset = User.objects.filter(
            role=Role.MAGISTRATE,
            magistrate_function=MagistrateFunction.JAP,
            is_active=True,
            service__in=self.fields["tribunal"].queryset,
        )
        self.fields["officer"].queryset = User.objects.filter(service_id=user.service_id, is_active=True).exclude(
            role=Role.SPIP_DIRECTOR
        )
        if user.role == Role.PROBATION_OFFICER and not self.instance.pk:
            self.fields["officer"].initial = user.pk

    def clean(self):
        cleaned = super().clean()
        kind, hours = cleaned.get("kind"), cleaned.get("hours_ordered")
        if kind and hours is not None:
            low, high = hours_range(kind)
            if not low <= hours <= high:
                self.add_error(
                    "hours_ordered",
                    f"Pour « {MeasureKind(kind).label} », le nombre d'heures est compris entre {low} et {high}.",
                )
        decided, deadline = cleaned.get("sentence_date"), cleaned.get("deadline")
        if decided and decided > timezone.localdate():
            self.add_error("sentence_date", "La date de la décision ne peut pas être dans le futur.")
        if decided and deadline:
            latest = add_months(decided, MAX_DEADLINE_MONTHS)
            if deadline < decided:
                self.add_error("deadline", "Le délai d'exécution ne peut précéder la décision.")
            elif deadline > latest:
                self.add_error(
                    "deadline",
                    f"Le délai d'exécution est de {MAX_DEADLINE_MONTHS} mois au plus : "
                    f"au plus tard le {latest:%d/%m/%Y}.",
                )
        self._clean_person(cleaned)
        jap, tribunal = cleaned.get("jap"), cleaned.get("tribunal")
        if jap and tribunal and jap.service_id != tribunal.pk:
            self.add_error("jap", "Ce juge n'est pas rattaché au tribunal indiqué.")
        return cleaned

    def _clean_person(self, cleaned) -> None:
        born, decided, offence = cleaned.get("birth_date"), cleaned.get("sentence_date"), cleaned.get("offence_date")
        if not (born and decided):
            return
        age = years_between(born, decided)
        if age < MINOR_MIN_AGE_AT_DECISION or born.year < 1900:
            self.add_error(
                "birth_date",
                f"Un TIG ne peut être prononcé qu'à partir de {MINOR_MIN_AGE_AT_DECISION} ans à la date de la décision.",
            )
            return
        self.instance.is_minor = age < 18
        if not self.instance.is_minor:
            return
        if offence is None:
            self.add_error("offence_date", "Indiquez la date des faits : la personne était mineure à la décision.")
        elif offence > decided or years_between(born, offence) < MINOR_MIN_AGE_AT_OFFENCE:
            self.add_error(
                "offence_date",
                f"Pour un mineur, la personne doit avoir eu {MINOR_MIN_AGE_AT_OFFENCE} ans au moins à la date des faits.",
            )
        if cleaned.get("consent_mode") == ConsentMode.DEFERRED:
            self.add_error("consent_mode", "Le consentement différé n'est pas possible pour un mineur (CJPM L. 122-1).")

    def save(self, commit=True):
        measure = super().save(commit=False)
        if not measure.pk:
            measure.service = self.user.service
        if commit:
            measure.save()
        return measure


class SuspensionForm(BaseModelForm):
    class Meta:
        model = Suspension
        fields = ["reason", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, measure, allowed_reasons, **kwargs) -> None:
        self.measure = measure
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [(r.value, r.label) for r in allowed_reasons]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and starts < self.measure.sentence_date:
            self.add_error("starts_on", "Une suspension ne peut commencer avant la décision.")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "La fin de la suspension ne peut précéder son début.")
        if starts and starts > timezone.localdate():
            self.add_error("starts_on", "Une suspension ne peut commencer dans le futur : enregistrez-la le jour venu.")
        return cleaned


def _clock(value: str) -> str:
    """« 08:30 » as French writes it: « 8 h 30 » (« 8 h » on the hour)."""
    hours, minutes = value.split(":")
    return f"{int(hours)} h" + (f" {minutes}" if minutes != "00" else "")


def post_schedule_text(post) -> str:
    """The post's weekly schedule in words, to start the placement's from."""
    days = ", ".join(f"{day.lower()} de {_clock(start)} à {_clock(end)}" for day, start, end in post.schedule_rows)
    text = f"Le {days}" if days else ""
    if post.schedule_notes:
        text = f"{text} ({post.schedule_notes})" if text else post.schedule_notes
    return text[:255]


def post_weekly_hours(post) -> int:
    """The hours a week the post's schedule holds (the placement's rate to start from)."""
    minutes = 0
    for _day, start, end in post.schedule_rows:
        (start_h, start_m), (end_h, end_m) = (map(int, start.split(":")), map(int, end.split(":")))
        minutes += max(0, (end_h * 60 + end_m) - (start_h * 60 + start_m))
    return max(1, min(35, round(minutes / 60)))


class ProposalForm(BaseForm):
    """The officer's proposal of a post to the director: what the placement would set."""

    tasks = forms.CharField(label="Tâches confiées", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    schedule = forms.CharField(label="Horaires", max_length=255)
    weekly_hours = forms.IntegerField(label="Heures prévues par semaine", min_value=1, max_value=35)
    note = forms.CharField(
        label="Observation pour le directeur",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Par exemple : pourquoi ce poste convient à la personne.",
    )

    @classmethod
    def initial_for(cls, post) -> dict:
        return {"tasks": post.tasks, "schedule": post_schedule_text(post), "weekly_hours": post_weekly_hours(post)}


def medical_triggers_field(help_text: str) -> forms.MultipleChoiceField:
    """The cases of a medical examination before the work, as the assignment decision asks them."""
    return forms.MultipleChoiceField(
        label="Examen médical préalable : cochez chaque cas qui s'applique",
        choices=MedicalTrigger.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class PlacementForm(BaseForm):
    """The assignment decision. It starts from the officer's proposal or from the post; it warns,
    and asks for a confirmation, when the planned rate cannot reach the hours ordered before the
    deadline."""

    tasks = forms.CharField(label="Tâches confiées", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    schedule = forms.CharField(
        label="Horaires", max_length=255, help_text="Par exemple : le samedi de 9 h à 12 h, à partir du 5 décembre."
    )
    weekly_hours = forms.IntegerField(
        label="Heures prévues par semaine",
        min_value=1,
        max_value=35,
        help_text="Le rythme prévu : le conseiller est alerté si les heures restantes n'entrent plus dans le délai.",
    )
    pace_confirmed = forms.BooleanField(
        label="Je confirme ce rythme, bien qu'il ne permette pas d'effectuer toutes les heures avant l'échéance",
        required=False,
    )
    tutor = forms.ModelChoiceField(
        label="Tuteur qui accueille la personne", queryset=User.objects.none(), required=False, empty_label="À préciser"
    )
    first_appointment_at = forms.DateTimeField(
        label="Premier rendez-vous",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text="Avec le tuteur, en présence du conseiller : le courrier à la personne l'indique.",
    )
    first_appointment_place = forms.CharField(label="Lieu du premier rendez-vous", max_length=255, required=False)
    medical_triggers = medical_triggers_field(
        "Un seul cas suffit pour que l'examen soit obligatoire avant le début du travail (CPénit R. 623-14)."
    )

    def __init__(self, *args, measure, post, proposal=None, **kwargs) -> None:
        self.measure = measure
        self.post = post
        super().__init__(*args, **kwargs)
        self.fields["tutor"].queryset = post.tutors.order_by("last_name", "first_name")
        self.fields["tutor"].label_from_instance = lambda user: user.get_full_name()
        if not self.is_bound:
            source = proposal or post
            self.initial.update(
                {
                    "tasks": source.tasks,
                    "schedule": proposal.schedule if proposal else post_schedule_text(post),
                    "weekly_hours": proposal.weekly_hours if proposal else post_weekly_hours(post),
                    "tutor": post.tutors.order_by("last_name", "first_name").first(),
                    "first_appointment_place": ", ".join(
                        part for part in (post.site_address, str(post.commune.label)) if part
                    ),
                }
            )
        if measure.is_minor:
            self.fields["medical_triggers"].initial = [MedicalTrigger.MINOR]

    def clean_medical_triggers(self):
        triggers = self.cleaned_data["medical_triggers"]
        if self.measure.is_minor and MedicalTrigger.MINOR not in triggers:
            triggers = [MedicalTrigger.MINOR, *triggers]  # not a choice: the law's
        return triggers

    def clean(self):
        cleaned = super().clean() or {}
        weekly = cleaned.get("weekly_hours")
        if weekly and not cleaned.get("pace_confirmed"):
            warning = pace_warning(self.measure, weekly)
            if warning:
                self.add_error("weekly_hours", warning)
                self.pace_warned = True
        return cleaned


def pace_warning(measure, weekly_hours: int) -> str:
    """Why the planned rate cannot reach the hours ordered before the deadline, or ''."""
    today = timezone.localdate()
    due = measure.effective_deadline(today)
    remaining = Decimal(measure.hours_ordered) - Decimal(getattr(measure, "hours_validated", 0) or 0)
    if not behind_pace(remaining, weekly_hours, today, due):
        return ""
    weeks = max((due - today).days, 0) / 7
    needed = math.ceil(float(remaining) / weeks) if weeks else None
    advice = f" ; il faudrait au moins {needed} h par semaine" if needed and needed <= 35 else ""
    return (
        f"À {weekly_hours} h par semaine, les {format_hours(remaining)} h restantes ne tiennent pas avant l'échéance "
        f"du {due:%d/%m/%Y}{advice}. Augmentez le rythme, ou cochez la case de confirmation ci-dessous."
    )


class SetAsideForm(BaseForm):
    reason = forms.CharField(
        label="Motif",
        max_length=255,
        help_text="Transmis à la structure. Par exemple : « la personne était absente ce jour-là ».",
    )


class EndPlacementForm(BaseForm):
    reason = forms.CharField(label="Motif de la fin de l'affectation", max_length=255)


class AttendanceForm(BaseForm):
    """A day's hours on the attendance sheet, within labour law's daily maximum."""

    worked_on = forms.DateField(label="Date", widget=DATE)
    hours = forms.DecimalField(
        label="Heures effectuées",
        min_value=Decimal("0.5"),
        max_digits=3,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text="Par demi-heure, par exemple 3,5.",
        error_messages={"min_value": "Saisissez au moins une demi-heure (0,5)."},
    )

    def __init__(self, *args, placement, **kwargs) -> None:
        self.placement = placement
        super().__init__(*args, **kwargs)
        self.daily_max = MAX_DAILY_HOURS_MINOR if placement.measure.is_minor else MAX_DAILY_HOURS
        self.fields["hours"].max_value = self.daily_max
        self.fields["hours"].widget.attrs["max"] = self.daily_max

    def clean_worked_on(self):
        day = self.cleaned_data["worked_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("La date ne peut pas être dans le futur.")
        if day < timezone.localdate(self.placement.decided_at):
            raise forms.ValidationError(
                f"La personne est accueillie depuis le {timezone.localtime(self.placement.decided_at):%d/%m/%Y}."
            )
        return day

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours > self.daily_max:
            raise forms.ValidationError(f"Au plus {self.daily_max} heures par jour (durée maximale du travail).")
        if hours * 2 != int(hours * 2):
            raise forms.ValidationError("Saisissez les heures par demi-heure (par exemple 3,5).")
        return hours


class IncidentForm(BaseModelForm):
    description = forms.CharField(
        label="Ce qui s'est passé",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Les faits utiles au suivi, sans information de santé ni de vie privée (2 000 caractères au plus).",
    )

    class Meta:
        model = Incident
        fields = ["kind", "occurred_on", "description", "host_action"]
        widgets = {"occurred_on": DATE, "host_action": forms.RadioSelect}

    def __init__(self, *args, placement, may_end: bool, **kwargs) -> None:
        self.placement = placement
        super().__init__(*args, **kwargs)
        actions = list(HostAction) if may_end else [HostAction.NONE, HostAction.SUSPEND]
        self.fields["host_action"].choices = [(action.value, action.label) for action in actions]
        self.fields["host_action"].initial = HostAction.NONE

    def clean(self):
        cleaned = super().clean()
        day, kind = cleaned.get("occurred_on"), cleaned.get("kind")
        if day and day > timezone.localdate():
            self.add_error("occurred_on", "La date des faits ne peut pas être dans le futur.")
        elif day and day < timezone.localdate(self.placement.decided_at):
            self.add_error("occurred_on", "La date des faits précède l'affectation.")
        if cleaned.get("host_action") == HostAction.SUSPEND and kind and kind not in SUSPENDING_KINDS:
            self.add_error(
                "host_action",
                "Le travail ne peut être suspendu qu'en cas de danger immédiat ou de faute grave, pas pour une absence.",
            )
        return cleaned


class IncidentReportForm(BaseForm):
    report = forms.CharField(
        label="Rapport d'incident au juge de l'application des peines",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )


class FailureForm(BaseModelForm):
    class Meta:
        model = Measure
        fields = ["failure_reason", "failure_report"]
        widgets = {"failure_report": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}
        labels = {"failure_reason": "Motif de la non-exécution", "failure_report": "Rapport au juge"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["failure_reason"].required = True
        self.fields["failure_report"].required = True
        self.fields["failure_report"].validators.append(MaxLengthValidator(5000))
        self.fields["failure_reason"].choices = FailureReason.choices
