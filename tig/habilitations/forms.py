from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from tig.accounts.enums import ServiceKind
from tig.accounts.models import Service
from tig.core.forms import BaseForm, BaseModelForm
from tig.habilitations.documents import validate_upload
from tig.habilitations.enums import DocumentKind, PersonRole, Verdict
from tig.habilitations.models import Dossier, Person
from tig.territories.models import Departement

TEXTAREA = forms.Textarea(attrs={"rows": 5})
MAX_PLACES = 50


class HabilitationRequestForm(BaseModelForm):
    """Step 1 of a habilitation file: where, for whom, and the presentation of the request."""

    class Meta:
        model = Dossier
        fields = ["departement", "audience", "presentation"]
        labels = {"presentation": "Présentation de la structure et des travaux qu'elle propose"}
        help_texts = {
            "departement": "L'habilitation est délivrée par le département où les travaux seront effectués.",
            "audience": "Pour les mineurs, la décision revient au directeur territorial de la PJJ.",
        }
        widgets = {"presentation": TEXTAREA, "audience": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = Departement.objects.order_by("code")
        self.fields["presentation"].required = True


class RegistrationRequestForm(BaseModelForm):
    """Step 1 of a registration: the note on the work and the number of places (R. 623-8)."""

    class Meta:
        model = Dossier
        fields = ["presentation", "places"]
        labels = {
            "presentation": "Note sur la nature et les modalités du travail",
            "places": "Nombre de places offertes",
        }
        widgets = {"presentation": TEXTAREA}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presentation"].required = True
        self.fields["places"].required = True

    def clean_places(self):
        places = self.cleaned_data["places"]
        if not 1 <= places <= MAX_PLACES:
            raise ValidationError(f"Indiquez un nombre de places entre 1 et {MAX_PLACES}.")
        taken = self.instance.post.places_taken if self.instance.post_id else 0
        if places < taken:
            raise ValidationError(f"Places occupées aujourd'hui : {taken}. Le poste ne peut en offrir moins.")
        return places


class RadiationRequestForm(BaseModelForm):
    class Meta:
        model = Dossier
        fields = ["presentation"]
        labels = {"presentation": "Motif de la demande de radiation"}
        widgets = {"presentation": TEXTAREA}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presentation"].required = True


class PersonForm(BaseModelForm):
    class Meta:
        model = Person
        fields = ["last_name", "first_names", "birth_date", "birth_place", "nationality", "function"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, role, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role = role
        self.fields["nationality"].required = role == PersonRole.BOARD_MEMBER
        if role == PersonRole.POST_RESPONSIBLE:
            del self.fields["nationality"]
            self.fields["function"].label = "Rôle auprès du poste"

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date > today.replace(year=today.year - 16) or birth_date.year < 1900:
            raise ValidationError("Indiquez une date de naissance vraisemblable (au format jj/mm/aaaa).")
        return birth_date


class DocumentForm(BaseForm):
    kind = forms.ChoiceField(label="Pièce", choices=DocumentKind.choices)
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, PNG ou JPEG.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
    )
    issued_on = forms.DateField(
        label="Date de délivrance",
        required=False,
        help_text="Obligatoire pour un extrait Kbis (moins de trois mois).",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, kinds, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, DocumentKind(kind).label) for kind in kinds]
        self.detected = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.detected = validate_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        issued_on = cleaned.get("issued_on")
        if cleaned.get("kind") == DocumentKind.KBIS and not issued_on:
            self.add_error("issued_on", "Indiquez la date de délivrance de l'extrait Kbis.")
        if issued_on and issued_on > timezone.localdate():
            self.add_error("issued_on", "La date de délivrance ne peut pas être dans le futur.")
        return cleaned


class MessageForm(BaseForm):
    message = forms.CharField(
        label="Modifications attendues",
        widget=TEXTAREA,
        max_length=5000,
        help_text="Ce message est envoyé à la structure.",
    )


class RequestOpinionsForm(BaseForm):
    tribunal = forms.ModelChoiceField(
        label="Tribunal judiciaire compétent",
        queryset=Service.objects.none(),
        help_text="Le procureur de la République et le juge de l'application des peines de ce tribunal sont consultés.",
    )
    consult_prefect = forms.BooleanField(label="Consulter aussi le préfet", required=False)

    def __init__(self, *args, departement_id, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tribunals = Service.objects.filter(kind=ServiceKind.TRIBUNAL, departement_id=departement_id)
        self.fields["tribunal"].queryset = tribunals
        if len(tribunals) == 1:
            self.fields["tribunal"].initial = tribunals[0].pk


class OpinionForm(BaseForm):
    verdict = forms.ChoiceField(label="Avis", choices=Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Motifs", widget=TEXTAREA, max_length=5000)


class DecisionForm(BaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("granted", "Favorable"), ("refused", "Défavorable")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Motifs de la décision", widget=TEXTAREA, max_length=5000)


class WithdrawalForm(BaseForm):
    reason = forms.CharField(label="Motifs du retrait", widget=TEXTAREA, max_length=5000)
