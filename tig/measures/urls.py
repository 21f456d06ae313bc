from django.urls import path
from django.views.decorators.cache import never_cache

from tig.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("service/", views.service_view, name="service"),
    path("nouvelle/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/modifier/", views.edit, name="edit"),
    path("<id:pk>/suspensions/", views.add_suspension, name="add_suspension"),
    path("<id:pk>/affectation/", views.matching, name="matching"),
    path("<id:pk>/affectation/poste/<id:post_pk>/", views.assign, name="assign"),
    path("<id:pk>/affectation/poste/<id:post_pk>/proposer/", views.propose, name="propose"),
    path("<id:pk>/affectation/fin/", views.end_placement, name="end_placement"),
    path("<id:pk>/affectation/reprise/", views.resume, name="resume"),
    path("<id:pk>/heures/valider/", views.validate_hours, name="validate_hours"),
    path("<id:pk>/heures/<id:attendance_pk>/ecarter/", views.reject_hours, name="reject_hours"),
    path("<id:pk>/incidents/<id:incident_pk>/rapport/", views.incident_report, name="incident_report"),
    path("<id:pk>/incidents/<id:incident_pk>/rapport.pdf", views.incident_pdf, name="incident_pdf"),
    path("<id:pk>/cloture/", views.close, name="close"),
    path("<id:pk>/non-execution/", views.failure, name="failure"),
    path("<id:pk>/non-execution/rapport.pdf", views.failure_pdf, name="failure_pdf"),
    path("<id:pk>/affectations/<id:placement_pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("<id:pk>/affectations/<id:placement_pk>/courrier.pdf", views.letter_pdf, name="letter_pdf"),
    path("<id:pk>/affectations/<id:placement_pk>/attestation.pdf", views.attestation_pdf, name="attestation_pdf"),
    # The host's side.
    path("accueil/", views.hosted, name="hosted"),
    path("accueil/<id:pk>/", views.hosted_detail, name="hosted_detail"),
    path("accueil/<id:pk>/heures/", views.hosted_hours, name="hosted_hours"),
    path("accueil/<id:pk>/incident/", views.hosted_incident, name="hosted_incident"),
    path("accueil/<id:pk>/reprise/", views.hosted_resume, name="hosted_resume"),
    path("accueil/<id:pk>/attestation/", views.hosted_attestation, name="hosted_attestation"),
    path("accueil/<id:pk>/fin/", views.hosted_end, name="hosted_end"),
    path("accueil/<id:pk>/decision.pdf", views.hosted_decision_pdf, name="hosted_decision_pdf"),
    path("accueil/<id:pk>/attestation.pdf", views.hosted_attestation_pdf, name="hosted_attestation_pdf"),
]

# Every page and document of the measures shows a person's data: never kept by a browser or a
# proxy (Cache-Control: private, no-store).
for pattern in urlpatterns:
    pattern.callback = never_cache(pattern.callback)
