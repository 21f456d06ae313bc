from django.urls import path

from tig.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("nouveau/", views.partner_create, name="create"),
    path("mon-reseau/", views.my_network, name="network"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/modifier/", views.partner_edit, name="edit"),
    path("<int:pk>/supprimer/", views.partner_delete, name="delete"),
    path("<int:pk>/chiffres/", views.network_download, name="download"),
    path("<int:pk>/conventions/nouvelle/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/conventions/<int:agreement_pk>/modifier/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/conventions/<int:agreement_pk>/texte/", views.agreement_document, name="agreement_document"),
    path("<int:pk>/etablissements/", views.branches, name="branches"),
    path("<int:pk>/etablissements/ajouter/", views.link, name="link"),
    path("<int:pk>/etablissements/siren/", views.link_siren, name="link_siren"),
    path("<int:pk>/etablissements/<int:branch_pk>/retirer/", views.unlink, name="unlink"),
    path("<int:pk>/objectifs/", views.set_objective, name="objective"),
    path("<int:pk>/objectifs/<int:objective_pk>/retirer/", views.remove_objective, name="remove_objective"),
    path("<int:pk>/actions/", views.log_action, name="action"),
    path("<int:pk>/actions/<int:action_pk>/retirer/", views.remove_action, name="remove_action"),
    path("<int:pk>/coordinateurs/", views.invite_coordinator, name="coordinator"),
    path("<int:pk>/coordinateurs/<int:coordinator_pk>/retirer/", views.remove_coordinator, name="remove_coordinator"),
]
