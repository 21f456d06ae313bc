from django.contrib import admin

from tig.posts.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "commune", "status", "places_offered", "places_taken", "last_confirmed_at"]
    list_filter = ["status", "domain"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "commune", "tutors"]
    readonly_fields = ["places_available", "open_on_weekends", "cell", "created_at", "updated_at"]
