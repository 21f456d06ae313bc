from django.contrib import admin

from tig.territories.models import Commune, Departement, Region


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data comes from `manage.py load_territories`, not from hand edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Departement)
class DepartementAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region", "zone"]
    list_filter = ["zone"]
    search_fields = ["name", "code"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "departement", "population", "lat", "lon"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
