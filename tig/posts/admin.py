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
        """Through the service, so that a change needing a decision is held here too (R16)."""
        revision = services.save_post(obj, form.changed_data, request.user, check=False)  # type: ignore[arg-type]  # staff
        if revision is not None and revision.values:
            self.message_user(
                request,
                "Ce changement (" + ", ".join(revision.field_labels) + ") attend une décision d'inscription : le "
                "poste reste proposé tel qu'il est inscrit jusque-là.",
                level=messages.WARNING,
            )
