from django.urls import path

from tig.posts import views

app_name = "posts"

urlpatterns = [
    path("", views.search, name="search"),
    path("carte.json", views.map_points, name="map_points"),
    path("carte/lieu/", views.map_place, name="map_place"),
    path("nouveau/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/modifier/", views.edit, name="edit"),
    path("<id:pk>/confirmer/", views.confirm, name="confirm"),
    path("confirmer/<str:token>/", views.confirm_by_link, name="confirm_by_link"),
]
