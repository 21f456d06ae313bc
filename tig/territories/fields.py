from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from tig.territories.models import Commune

# A text input that HTMX feeds with commune suggestions (a <datalist> of the page).
AUTOCOMPLETE_ATTRS = {
    "autocomplete": "off",
    "spellcheck": "false",
    "list": "communes-suggestions",
    "hx-get": reverse_lazy("territories:autocomplete"),
    "hx-trigger": "input changed delay:200ms",
    "hx-target": "#communes-suggestions",
    "hx-swap": "innerHTML",
    "hx-sync": "this:replace",
    # The search form pushes its URL; a suggestion request must not (the address bar would
    # show the suggestions' address while one types).
    "hx-push-url": "false",
}


class CommuneField(forms.Field):
    """A commune typed as text (« Dijon (21) », an INSEE or postal code), proposed by the
    commune autocomplete, cleaned into a located Commune."""

    widget = forms.TextInput
    max_length = 150

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", "Saisissez le nom, puis choisissez dans la liste : par exemple « Dijon (21) ».")
        super().__init__(**kwargs)
        self.widget.attrs.update({**AUTOCOMPLETE_ATTRS, "maxlength": self.max_length})

    def prepare_value(self, value):
        if isinstance(value, int):
            value = Commune.objects.filter(pk=value).first()
        if isinstance(value, Commune):
            return value.label
        return value

    def to_python(self, value):
        text = str(value or "").strip()[: self.max_length]
        if not text:
            return None
        lookup = Commune.objects.resolve(text)
        if lookup.commune is None:
            raise ValidationError(lookup.error)
        if not lookup.commune.is_located:
            raise ValidationError(f"La commune {lookup.commune.label} n'est pas géolocalisée dans le référentiel.")
        return lookup.commune

    def has_changed(self, initial, data):
        """Changed if the text typed names another commune (not if it is written differently)."""
        initial_pk = initial.pk if isinstance(initial, Commune) else initial
        try:
            commune = self.to_python(data)
        except ValidationError:
            return True
        return (commune.pk if commune else None) != initial_pk
