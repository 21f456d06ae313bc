from django.urls import path

from tig.habilitations import views

app_name = "habilitations"

urlpatterns = [
    path("", views.waiting, name="waiting"),
    path("tous/", views.dossier_list, name="list"),
    path("structure/<id:organisation_pk>/habilitation/", views.start_habilitation, name="start_habilitation"),
    path("poste/<id:post_pk>/inscription/", views.start_registration, name="start_registration"),
    path("poste/<id:post_pk>/radiation/", views.start_radiation, name="start_radiation"),
    path("pieces/<id:document_pk>/", views.download, name="download"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/etape/<slug:step>/", views.step, name="step"),
    path("<id:pk>/personnes/<id:person_pk>/retirer/", views.delete_person, name="delete_person"),
    path("<id:pk>/pieces/<id:document_pk>/retirer/", views.delete_document, name="delete_document"),
    path("<id:pk>/renouveler/", views.start_renewal, name="start_renewal"),
    path("<id:pk>/modifications/", views.request_changes, name="request_changes"),
    path("<id:pk>/demande-avis/", views.request_opinions, name="request_opinions"),
    path("<id:pk>/avis/", views.give_opinion, name="give_opinion"),
    path("<id:pk>/decision/", views.decide, name="decide"),
    path("<id:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("<id:pk>/retrait/", views.withdraw, name="withdraw"),
]
