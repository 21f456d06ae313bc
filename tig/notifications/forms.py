from typing import Any

from django import forms

from tig.core.forms import BaseForm
from tig.notifications.enums import NotificationKind


class PreferencesForm(BaseForm):
    received = forms.MultipleChoiceField(
        label="Notifications facultatives que je reçois",
        help_text="Les autres notifications (demandes d'avis, décisions, échéances) sont toujours envoyées.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, kinds: list[NotificationKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["received"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(kind.value, kind.label) for kind in kinds]
