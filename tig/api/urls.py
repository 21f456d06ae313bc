from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from tig.api import errors, pages, views

app_name = "api"

urlpatterns = [
    path("", pages.documentation, name="documentation"),
    path("cles/", pages.keys, name="keys"),
    path("cles/revoquer/", pages.revoke, name="revoke"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/postes/", views.PostSearch.as_view(), name="posts"),
    path("v1/postes/<id:pk>/", views.PostDetail.as_view(), name="post"),
    path("v1/structures/", views.OrganisationList.as_view(), name="organisations"),
    path("v1/structures/<id:pk>/", views.OrganisationDetail.as_view(), name="organisation"),
    path("v1/communes/", views.CommuneList.as_view(), name="communes"),
    path("v1/communes/<str:code>/", views.CommuneDetail.as_view(), name="commune"),
    path("v1/statistiques/", views.Statistics.as_view(), name="statistics"),
    path("v1/statistiques/trimestres/", views.Quarters.as_view(), name="quarters"),
    re_path(r"^[\s\S]*$", errors.not_found),  # any path, a newline in it too
]
