from django.urls import path

from tig.collective import views

app_name = "collective"

urlpatterns = [
    path("", views.home, name="home"),
    path("seances/<id:pk>/", views.session, name="session"),
    path("seances/<id:pk>/feuille/", views.sheet, name="sheet"),
    path("inscriptions/<id:pk>/retirer/", views.withdraw, name="withdraw"),
]
