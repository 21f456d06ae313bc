from django import forms

from tig.api.services import VALIDITY_DAYS
from tig.core.forms import BaseForm


class KeyForm(BaseForm):
    name = forms.CharField(
        label="Nom de la clé",
        max_length=80,
        help_text="Le logiciel qui l'utilisera, par exemple : « Logiciel du SPIP de la Côte-d'Or ».",
    )
    days = forms.TypedChoiceField(
        label="Valable",
        coerce=int,
        choices=[(days, f"{days} jours") for days in VALIDITY_DAYS],
        initial=90,
        error_messages={"invalid_choice": "Choisissez une durée de la liste."},
    )
