from django import forms

from tig.audit.enums import Operation
from tig.core.forms import BaseForm


class AuditFilterForm(BaseForm):
    operation = forms.ChoiceField(label="Nature", choices=[("", "Toutes"), *Operation.choices], required=False)
    object_type = forms.CharField(
        label="Type d'objet", required=False, max_length=100, help_text="Par exemple : posts.post"
    )
    object_id = forms.CharField(label="Identifiant", required=False, max_length=64)
    actor = forms.CharField(label="Auteur", required=False, max_length=254, help_text="Nom ou adresse, ou une partie.")
    start = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

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
            entries = entries.filter(object_type=data["object_type"].strip().lower())
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"].strip())
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"].strip())
        if data["start"]:
            entries = entries.filter(at__date__gte=data["start"])
        if data["end"]:
            entries = entries.filter(at__date__lte=data["end"])
        return entries
