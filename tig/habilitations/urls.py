from django.urls import path

from tig.habilitations import views

app_name = "habilitations"

urlpatterns = [
    path("", views.waiting, name="waiting"),
    path("tous/", views.dossier_list, name="list"),
    path("structure/<int:organisation_pk>/habilitation/", views.start_habilitation, name="start_habilitation"),
    path("poste/<int:post_pk>/inscription/", views.start_registration, name="start_registration"),
    path("poste/<int:post_pk>/radiation/", views.start_radiation, name="start_radiation"),
    path("pieces/<int:document_pk>/", views.download, name="download"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etape/<slug:step>/", views.step, name="step"),
    path("<int:pk>/personnes/<int:person_pk>/retirer/", views.delete_person, name="delete_person"),
    path("<int:pk>/pieces/<int:document_pk>/retirer/", views.delete_document, name="delete_document"),
    path("<int:pk>/renouveler/", views.start_renewal, name="start_renewal"),
    path("<int:pk>/modifications/", views.request_changes, name="request_changes"),
    path("<int:pk>/demande-avis/", views.request_opinions, name="request_opinions"),
    path("<int:pk>/avis/", views.give_opinion, name="give_opinion"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("<int:pk>/retrait/", views.withdraw, name="withdraw"),
]
