from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For data the admin shows but never writes: loaded reference data, the audit log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
