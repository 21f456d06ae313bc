from django.urls import path

from tig.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nouvelle/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/modifier/", views.edit, name="edit"),
    path("<id:pk>/membres/", views.members, name="members"),
    path("invitations/<id:pk>/", views.proposal, name="proposal"),
    path("<id:pk>/membres/ajouter/", views.invite_member, name="invite_member"),
    path("<id:pk>/membres/<id:membership_pk>/role/", views.change_member_role, name="change_member_role"),
    path("<id:pk>/membres/<id:membership_pk>/retirer/", views.remove_member, name="remove_member"),
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_sent, name="signup_sent"),
    path("inscription/confirmer/<str:token>/", views.confirm_signup, name="confirm_signup"),
]
