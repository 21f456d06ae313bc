"""Every page and document that shows a person's data records its consultation in the audit
log, once per view (docs/regles.md, R30). The measures' pages are walked whole: a new page
of the measures must be added here, or the test fails."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import get_resolver

from tests.accounts.factories import host_member, national_admin, spip_director
from tests.habilitations.factories import DossierFactory, association, board_member, granted_habilitation
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tig.audit.enums import Operation
from tig.audit.models import AuditEntry
from tig.habilitations.enums import DocumentKind
from tig.habilitations.models import Document
from tig.measures import services
from tig.measures.enums import HostAction, IncidentKind

pytestmark = pytest.mark.django_db

# The measures' views that show no person, or only change something (POST) and redirect.
NOT_A_CONSULTATION = {
    "service",  # counts per officer, no person named
    "create",  # an empty form
    "add_suspension",
    "end_placement",
    "resume",
    "validate_hours",
    "close",
    "hosted_hours",
    "hosted_incident",
    "hosted_resume",
    "hosted_attestation",
    "hosted_end",
}


@pytest.fixture
def world(team):
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        organisation = OrganisationFactory(name="Ville de Dijon")
        post = PostFactory(organisation=organisation, places_offered=3)
        tutor = host_member(organisation, role="tutor")
        post.tutors.add(tutor)
        measure = MeasureFactory(service=team["officer"].service, officer=team["officer"], jap=team["jap"])
        placement = PlacementFactory(measure=measure, post=post, decided_at=datetime(2026, 10, 1, 9).astimezone())
        services.record_attendance(placement, tutor, worked_on=date(2026, 11, 20), hours=Decimal(3))
        incident = services.report_incident(
            placement,
            tutor,
            kind=IncidentKind.ABSENCE,
            occurred_on=date(2026, 11, 21),
            description="Absent.",
            host_action=HostAction.NONE,
        )
        services.write_incident_report(incident, team["officer"], "Rappel fait.")
        placement.attestation_issued_at, placement.attestation_issued_by = placement.decided_at, tutor
        placement.save()
        failed = MeasureFactory(service=team["officer"].service, officer=team["officer"], jap=team["jap"])
        services.record_failure(failed, team["officer"], reason="refusal", report="Refus.")
    return {
        "organisation": organisation,
        "post": PostFactory(organisation=OrganisationFactory(), places_offered=2),
        "tutor": tutor,
        "measure": measure,
        "placement": placement,
        "incident": incident,
        "failed": failed,
    }


def reads(**filters) -> int:
    return AuditEntry.objects.filter(operation=Operation.READ, **filters).count()


def test_every_page_of_a_measure_records_its_consultation_once(client_for, team, world):
    measure, placement, incident = world["measure"], world["placement"], world["incident"]
    base = f"/mesures/{measure.pk}"
    officer, director, tutor = client_for(team["officer"]), client_for(spip_director("21")), client_for(world["tutor"])
    hosted = f"/mesures/accueil/{placement.pk}"
    pages = {
        "caseload": (officer, "/mesures/"),
        "detail": (officer, f"{base}/"),
        "edit": (officer, f"{base}/modifier/"),
        "matching": (officer, f"{base}/affectation/"),
        "assign": (director, f"{base}/affectation/poste/{world['post'].pk}/"),
        "propose": (officer, f"{base}/affectation/poste/{world['post'].pk}/proposer/"),
        "reject_hours": (officer, f"{base}/heures/{placement.attendances.get().pk}/ecarter/"),
        "incident_report": None,  # the report is written: below, on a new incident
        "incident_pdf": (officer, f"{base}/incidents/{incident.pk}/rapport.pdf"),
        "failure": (officer, f"{base}/non-execution/"),
        "failure_pdf": (officer, f"/mesures/{world['failed'].pk}/non-execution/rapport.pdf"),
        "decision_pdf": (officer, f"{base}/affectations/{placement.pk}/decision.pdf"),
        "letter_pdf": (officer, f"{base}/affectations/{placement.pk}/courrier.pdf"),
        "attestation_pdf": (officer, f"{base}/affectations/{placement.pk}/attestation.pdf"),
        "hosted": (tutor, "/mesures/accueil/"),
        "hosted_detail": (tutor, f"{hosted}/"),
        "hosted_decision_pdf": (tutor, f"{hosted}/decision.pdf"),
        "hosted_attestation_pdf": (tutor, f"{hosted}/attestation.pdf"),
    }
    names = {
        pattern.name
        for include in get_resolver().url_patterns
        if getattr(include, "namespace", None) == "measures"
        for pattern in include.url_patterns
    }
    assert names == set(pages) | NOT_A_CONSULTATION, "une page des mesures n'est pas parcourue ici"

    with time_machine.travel("2026-11-22 11:00 +01:00", tick=False):
        open_incident = services.report_incident(
            placement,
            world["tutor"],
            kind=IncidentKind.ACCIDENT,
            occurred_on=date(2026, 11, 22) - timedelta(days=1),
            description="Chute.",
            host_action=HostAction.NONE,
        )
        pages["incident_report"] = (officer, f"{base}/incidents/{open_incident.pk}/rapport/")
        for name, (client, url) in pages.items():
            before = reads()
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
            assert reads() - before == 1, f"{name} ({url}) : {reads() - before} consultation(s) enregistrée(s)"


def test_the_files_and_the_members_record_their_consultation(client_for):
    organisation = association()
    admin = host_member(organisation)
    draft = DossierFactory(organisation=organisation)
    board_member(draft)
    document = Document(
        dossier=draft,
        kind=DocumentKind.STATUTES,
        original_name="statuts.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=admin,
    )
    document.file.save("piece.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    decided = granted_habilitation(organisation, decided_by=spip_director("21"))
    client = client_for(admin)
    pages = [
        f"/dossiers/{draft.pk}/",
        *(f"/dossiers/{draft.pk}/etape/{step}/" for step in ("demande", "personnes", "pieces", "envoi")),
        f"/dossiers/pieces/{document.pk}/",
        f"/dossiers/{decided.pk}/decision.pdf",
        f"/structures/{organisation.pk}/membres/",
    ]
    for url in pages:
        before = reads()
        assert client.get(url).status_code == 200, url
        assert reads() - before == 1, url
    assert reads(object_type="organisations.organisation", changes=["membres"]) == 1
    before = reads()
    assert client_for(national_admin()).get("/invitations/").status_code == 200
    assert reads() == before  # nobody invited yet: no list of people shown


def test_reading_the_same_thing_again_within_the_minute_is_one_consultation(client_for, team, world, settings):
    """Chromium's PDF viewer asks for a document again to save or print it: one row, not three."""
    settings.AUDIT_READ_WINDOW_SECONDS = 60
    officer = client_for(team["officer"])
    measure, placement = world["measure"], world["placement"]
    letter = f"/mesures/{measure.pk}/affectations/{placement.pk}/courrier.pdf"
    with time_machine.travel("2026-11-22 11:00 +01:00", tick=False) as clock:
        before = reads()
        officer.get(letter)
        officer.get(letter)
        officer.get(f"/mesures/{measure.pk}/")  # another page: another row
        assert reads() - before == 2
        client_for(spip_director("21")).get(letter)  # another person: another row
        assert reads() - before == 3
        clock.shift(timedelta(seconds=61))
        officer.get(letter)
        assert reads() - before == 4
    assert reads(changes=["courrier à la personne (PDF)"]) == 3
