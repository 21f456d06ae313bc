from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from tig.posts import services
from tig.posts.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "commune", "status", "places_offered", "places_taken", "last_confirmed_at"]
    list_filter = ["status", "domain"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "commune", "tutors"]
    readonly_fields = ["places_available", "open_on_weekends", "cell", "created_at", "updated_at"]

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        """Through the service, so that a significant change leaves the list here too (R16)."""
        if services.save_post(obj, form.changed_data, request.user, check=False):  # type: ignore[arg-type]  # staff
            self.message_user(
                request,
                "Ce changement (tâches, places, lieu ou public) retire le poste de la liste départementale "
                "jusqu'à une nouvelle décision.",
                level=messages.WARNING,
            )
