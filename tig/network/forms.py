from typing import Any

from django import forms
from django.db.models import QuerySet

from tig.core.forms import BaseForm, BaseModelForm
from tig.network.models import Event
from tig.territories.models import Departement

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(BaseModelForm):
    # By code (« 2A » is one); empty for a national event (the agency's).
    departement: "forms.ModelChoiceField[Departement]" = forms.ModelChoiceField(
        label="Département", queryset=Departement.objects.none(), to_field_name="code", required=False
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "audience",
            "departement",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "description",
        ]
        widgets = {"starts_at": MOMENT, "ends_at": MOMENT, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, departements: QuerySet[Departement], national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departement"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = departements
        field.required = not national
        field.empty_label = "Toute la France (rencontre nationale)" if national else "—"
        for name in ("starts_at", "ends_at"):
            moment = self.fields[name]
            assert isinstance(moment, forms.DateTimeField)
            moment.input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "La fin de la rencontre suit son début.")
        if not data.get("place") and not data.get("online_url") and not self.has_error("online_url"):
            self.add_error("place", "Indiquez le lieu de la rencontre ou son lien de connexion.")
        return data


class CancelForm(BaseForm):
    reason = forms.CharField(
        label="Motif, envoyé aux inscrits", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DirectoryFilterForm(BaseForm):
    q = forms.CharField(label="Nom ou structure", required=False, max_length=100)
    departement = forms.ChoiceField(label="Département", required=False)

    def __init__(self, *args: Any, departements: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departement"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Tous"), *departements]
