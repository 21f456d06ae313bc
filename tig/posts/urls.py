from django.urls import path

from tig.posts import views

app_name = "posts"

urlpatterns = [
    path("", views.search, name="search"),
    path("imprimer/", views.print_view, name="print"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("carte.json", views.map_points, name="map_points"),
    path("carte/lieu/", views.map_place, name="map_place"),
    path("nouveau/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/modifier/", views.edit, name="edit"),
    path("<id:pk>/confirmer/", views.confirm, name="confirm"),
    path("<id:pk>/seances/", views.worksite_sessions, name="sessions"),
    path("<id:pk>/seances/encadrants/", views.worksite_supervisors, name="supervisors"),
    path("<id:pk>/seances/<id:session_pk>/", views.worksite_session, name="session"),
    path("confirmer/<str:token>/", views.confirm_by_link, name="confirm_by_link"),
]
