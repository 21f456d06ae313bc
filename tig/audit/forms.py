from django import forms

from tig.audit.enums import Operation
from tig.audit.models import object_type_choices
from tig.core.forms import BaseForm


class AuditFilterForm(BaseForm):
    operation = forms.ChoiceField(label="Nature", choices=[("", "Toutes"), *Operation.choices], required=False)
    object_type = forms.ChoiceField(
        label="Type d'objet",
        required=False,
        error_messages={"invalid_choice": "Ce type d'objet n'existe pas."},
    )
    object_id = forms.CharField(label="Identifiant", required=False, max_length=64)
    actor = forms.CharField(label="Auteur", required=False, max_length=254, help_text="Nom ou adresse, ou une partie.")
    start = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["object_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Tous"), *object_type_choices()]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "La date de fin doit suivre la date de début.")
        return cleaned

    def filter(self, entries):
        data = self.cleaned_data
        if data["operation"]:
            entries = entries.filter(operation=data["operation"])
        if data["object_type"]:
            entries = entries.filter(object_type=data["object_type"])
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"].strip())
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"].strip())
        if data["start"]:
            entries = entries.filter(at__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(at__date__lte=data["end"])
        return entries
