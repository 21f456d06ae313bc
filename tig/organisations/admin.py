from django.contrib import admin

from tig.organisations.models import Membership, Organisation, SocieteAMissionExperiment


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "legal_type", "commune"]
    list_filter = ["legal_type"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["commune"]
    inlines = [MembershipInline]


@admin.register(SocieteAMissionExperiment)
class SocieteAMissionExperimentAdmin(admin.ModelAdmin):
    list_display = ["departement", "starts_on", "ends_on", "legal_basis"]
    list_filter = ["starts_on"]
