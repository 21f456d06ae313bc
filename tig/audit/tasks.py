from django.tasks import task

from tig.audit.models import AuditEntry, Operation, retention_cutoff
from tig.audit.recording import acting_as, record_bulk


@task
def purge_audit_log() -> int:
    """Delete the entries kept for the legal three years (run daily by the scheduler)."""
    with acting_as("purge du journal"):
        deleted = AuditEntry.objects.purge_older_than(retention_cutoff())
        if deleted:
            record_bulk(Operation.DELETE, "entrées du journal de plus de trois ans", {"entrées effacées": deleted})
    return deleted
