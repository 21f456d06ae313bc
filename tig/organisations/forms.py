from django import forms
from django.core.exceptions import ValidationError

from tig.core.forms import BaseModelForm
from tig.organisations.models import Organisation
from tig.organisations.validators import normalize_siret, validate_siret
from tig.territories.fields import CommuneField


class OrganisationForm(BaseModelForm):
    commune = CommuneField(label="Commune du siège")
    # Typed with spaces (« 732 829 320 00074 »), stored as 14 digits.
    siret = forms.CharField(
        label="SIRET",
        max_length=20,
        help_text="14 chiffres, espaces acceptés.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Organisation
        fields = ["name", "siret", "legal_type", "address", "commune", "email", "phone", "national_partner"]
        help_texts = {"address": "Numéro et voie."}

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not user.is_national_admin:
            # The national partnership agreements are the agency's.
            self.fields["national_partner"].disabled = True

    def clean_siret(self):
        siret = normalize_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_commune(self):
        commune = self.cleaned_data["commune"]
        if self.user.is_referent and commune.departement_id not in self.user.referent_departement_codes:
            raise ValidationError(f"{commune.label} n'est pas dans un des départements que vous suivez.")
        return commune
