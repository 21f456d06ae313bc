from django.urls import path

from tig.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nouvelle/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/suspensions/", views.add_suspension, name="add_suspension"),
    path("<int:pk>/affectation/", views.matching, name="matching"),
    path("<int:pk>/affectation/poste/<int:post_pk>/", views.assign, name="assign"),
    path("<int:pk>/affectation/fin/", views.end_placement, name="end_placement"),
]
