from typing import Any

from django import forms
from django.contrib import admin

from tig.core.admin import ReadOnlyAdmin
from tig.territories.models import Commune, Departement, Directorate, Region


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


class DirectorateForm(forms.ModelForm[Directorate]):
    class Meta:
        model = Directorate
        fields = ["kind", "code", "name", "departements"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, chosen = cleaned.get("kind"), cleaned.get("departements")
        if kind and chosen:
            others = Directorate.objects.filter(kind=kind, departements__in=chosen).exclude(pk=self.instance.pk)
            taken = sorted({f"{d.code} ({d.name})" for d in chosen if others.filter(departements=d).exists()})
            if taken:
                raise forms.ValidationError(
                    "Un département n'appartient qu'à une direction de chaque type. Déjà rattachés : "
                    + ", ".join(taken)
                    + "."
                )
        return cleaned


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Kept by the agency: no reference package gives which département belongs to which."""

    form = DirectorateForm
    list_display = ["name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    filter_horizontal = ["departements"]
