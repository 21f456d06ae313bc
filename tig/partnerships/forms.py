from typing import Any

from django import forms
from django.db.models import QuerySet

from tig.core.forms import BaseForm, BaseModelForm
from tig.habilitations.documents import validate_upload
from tig.organisations.validators import normalize_siret, validate_siret
from tig.partnerships.models import Agreement, LocalAction, Partner
from tig.territories.models import Departement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerForm(BaseModelForm):
    class Meta:
        model = Partner
        fields = ["name", "siren", "kind", "website", "description"]

    def clean_siren(self) -> str:
        return normalize_siret(self.cleaned_data.get("siren", ""))


class AgreementForm(BaseModelForm):
    document = forms.FileField(
        label="Convention signée (PDF)",
        required=False,
        help_text="Le texte signé, en PDF. Un nouveau fichier remplace le précédent.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "signed_on",
            "starts_on",
            "ends_on",
            "renewal",
            "signatories",
            "objectives",
            "target_posts",
            "target_places",
            "agency_commitments",
            "partner_commitments",
        ]
        widgets = {
            "signed_on": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            "signatories": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "agency_commitments": forms.Textarea(attrs={"rows": 4}),
            "partner_commitments": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extension = ""

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload:
            content_type, self.extension = validate_upload(upload)
            if content_type != "application/pdf":
                raise forms.ValidationError("La convention signée est attendue en PDF.")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends, signed = data.get("starts_on"), data.get("ends_on"), data.get("signed_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "La fin de la convention suit son début.")
        if signed and ends and signed > ends:
            self.add_error("signed_on", "La convention est signée avant sa fin.")
        return data


class ObjectiveForm(BaseForm):
    departement: "forms.ModelChoiceField[Departement]" = forms.ModelChoiceField(
        label="Département", queryset=Departement.objects.order_by("code"), to_field_name="code"
    )
    posts = forms.IntegerField(label="Objectif de postes", min_value=1, max_value=100_000, required=False)
    places = forms.IntegerField(label="Objectif de places", min_value=1, max_value=100_000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("posts") is None and data.get("places") is None:
            raise forms.ValidationError("Indiquez un objectif de postes, de places, ou les deux.")
        return data


class LinkForm(BaseForm):
    siret = forms.CharField(
        label="SIRET de la structure d'accueil",
        max_length=20,
        help_text="La structure doit être inscrite sur la plateforme ; 14 chiffres.",
    )

    def clean_siret(self) -> str:
        siret = normalize_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret


class ActionForm(BaseModelForm):
    # By code (« 2A » is one): the département's key.
    departement: "forms.ModelChoiceField[Departement]" = forms.ModelChoiceField(
        label="Département", queryset=Departement.objects.none(), to_field_name="code"
    )

    class Meta:
        model = LocalAction
        fields = ["departement", "kind", "title", "happened_on", "participants", "notes"]
        widgets = {"happened_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, departements: QuerySet[Departement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = departements


class CoordinatorForm(BaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(label="Adresse électronique professionnelle")
