from django.urls import path

from tig.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("nouveau/", views.partner_create, name="create"),
    path("mon-reseau/", views.my_network, name="network"),
    path("<id:pk>/", views.partner_detail, name="detail"),
    path("<id:pk>/modifier/", views.partner_edit, name="edit"),
    path("<id:pk>/supprimer/", views.partner_delete, name="delete"),
    path("<id:pk>/chiffres/", views.network_download, name="download"),
    path("<id:pk>/conventions/nouvelle/", views.agreement_create, name="agreement_create"),
    path("<id:pk>/conventions/<id:agreement_pk>/modifier/", views.agreement_edit, name="agreement_edit"),
    path("<id:pk>/conventions/<id:agreement_pk>/texte/", views.agreement_document, name="agreement_document"),
    path("<id:pk>/etablissements/", views.branches, name="branches"),
    path("<id:pk>/etablissements/ajouter/", views.link, name="link"),
    path("<id:pk>/etablissements/siren/", views.link_siren, name="link_siren"),
    path("<id:pk>/etablissements/<id:branch_pk>/retirer/", views.unlink, name="unlink"),
    path("<id:pk>/objectifs/", views.set_objective, name="objective"),
    path("<id:pk>/objectifs/<id:objective_pk>/retirer/", views.remove_objective, name="remove_objective"),
    path("<id:pk>/actions/", views.log_action, name="action"),
    path("<id:pk>/actions/<id:action_pk>/retirer/", views.remove_action, name="remove_action"),
    path("<id:pk>/coordinateurs/", views.invite_coordinator, name="coordinator"),
    path("<id:pk>/coordinateurs/<id:coordinator_pk>/retirer/", views.remove_coordinator, name="remove_coordinator"),
]
