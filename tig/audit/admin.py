from django.contrib import admin

from tig.audit.models import AuditEntry
from tig.core.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only (the page /journal/ is the usual way to read it)."""

    list_display = ["at", "actor_label", "operation", "object_type", "object_id", "object_repr"]
    list_filter = ["operation", "object_type"]
    search_fields = ["actor_label", "object_repr", "object_id"]
    date_hierarchy = "at"
