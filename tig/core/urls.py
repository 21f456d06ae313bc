from django.urls import path

from tig.core import views

app_name = "core"

urlpatterns = [
    path("sante/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
