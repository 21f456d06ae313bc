from django import forms

from tig.core.forms import BaseForm
from tig.notifications.enums import OPTIONAL, NotificationKind

OPTIONAL_CHOICES = [(kind.value, kind.label) for kind in NotificationKind if kind in OPTIONAL]


class PreferencesForm(BaseForm):
    received = forms.MultipleChoiceField(
        label="Notifications facultatives que je reçois",
        help_text="Les autres notifications (demandes d'avis, décisions, échéances) sont toujours envoyées.",
        choices=OPTIONAL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
