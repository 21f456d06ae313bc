from django.urls import path

from tig.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nouvelle/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/membres/", views.members, name="members"),
    path("<int:pk>/membres/ajouter/", views.invite_member, name="invite_member"),
    path("<int:pk>/membres/<int:membership_pk>/role/", views.change_member_role, name="change_member_role"),
    path("<int:pk>/membres/<int:membership_pk>/retirer/", views.remove_member, name="remove_member"),
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_sent, name="signup_sent"),
    path("inscription/confirmer/<str:token>/", views.confirm_signup, name="confirm_signup"),
]
