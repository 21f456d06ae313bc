from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from tig.audit.recording import acting_as
from tig.core.dates import add_months
from tig.prospecting.enums import Stage
from tig.prospecting.models import Contact, Target


@task
def purge_abandoned_contacts() -> int:
    """Delete the contacts of the targets abandoned more than PROSPECTING_CONTACTS_RETENTION_MONTHS
    ago, and the address their invitation went to (docs/regles.md, P8; run daily). Each deletion
    is in the audit log. Returns how many contacts."""
    before = add_months(timezone.localdate(), -settings.PROSPECTING_CONTACTS_RETENTION_MONTHS)
    with acting_as("tâche purge_abandoned_contacts"), transaction.atomic():
        abandoned = Target.objects.filter(stage=Stage.ABANDONED, stage_changed_at__date__lt=before)
        deleted = 0
        for contact in Contact.objects.filter(target__in=abandoned):
            contact.delete()
            deleted += 1
        for target in abandoned.exclude(invited_email=""):
            target.invited_email = ""
            target.save(update_fields=["invited_email", "updated_at"])
    return deleted
