from django.urls import path

from tig.prospecting import views

app_name = "prospecting"

urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("zones-blanches/", views.coverage_view, name="coverage"),
    path("a-relancer/", views.followup_view, name="followup"),
    path("objectifs/", views.objectives_view, name="objectives"),
    path("passation/", views.hand_over_view, name="hand_over"),
    path("objectifs/<id:pk>/retirer/", views.remove_objective, name="remove_objective"),
    path("import/", views.import_targets, name="import"),
    path("cibles/<id:pk>/", views.target_detail, name="target"),
    path("cibles/<id:pk>/echange/", views.log_interaction, name="log_interaction"),
    path("cibles/<id:pk>/prochaine-etape/", views.next_step, name="next_step"),
    path("cibles/<id:pk>/etape/", views.move, name="move"),
    path("cibles/<id:pk>/abandon/", views.abandon, name="abandon"),
    path("cibles/<id:pk>/contacts/", views.add_contact, name="add_contact"),
    path("cibles/<id:pk>/contacts/<id:contact_pk>/retirer/", views.remove_contact, name="remove_contact"),
    path("cibles/<id:pk>/invitation/", views.invite, name="invite"),
    path("cibles/<id:pk>/documents/", views.add_document, name="add_document"),
    path("cibles/<id:pk>/documents/<id:document_pk>/", views.download_document, name="document"),
    path("cibles/<id:pk>/documents/<id:document_pk>/retirer/", views.remove_document, name="remove_document"),
    path("cibles/<id:pk>/referent/", views.assign, name="assign"),
    path("cibles/<id:pk>/structure/", views.link, name="link"),
]
