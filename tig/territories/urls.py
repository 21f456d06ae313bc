from django.urls import path

from tig.territories import views

app_name = "territories"

urlpatterns = [
    path("suggestions/", views.autocomplete, name="autocomplete"),
]
