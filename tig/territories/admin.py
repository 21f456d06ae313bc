from django.contrib import admin

from tig.core.admin import ReadOnlyAdmin
from tig.territories.models import Commune, Departement, Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):  # loaded by manage.py load_territories
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
