"""What the host receives of a person, walked through a placement's whole life: its
administrators and the post's tutors get the name, the tasks, the schedule and the hours, and
nothing else — in pages, notifications, e-mails and PDFs alike (docs/decisions/0007). A tutor of
another post of the same organisation gets nothing at all."""

import html
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from tests.accounts.factories import host_member
from tests.measures.factories import MeasureFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.measures import services
from tig.measures.enums import HostAction, IncidentKind, MeasureKind, MedicalTrigger
from tig.measures.models import Placement
from tig.notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
APPI = "APPI-7731-PRIVE"
PHONE = "0611223344"
KIND = MeasureKind.SURSIS_PROBATOIRE


def forbidden() -> list[str]:
    """What a host must never read about the person."""
    return [
        APPI,
        PHONE,
        "06 11 22 33 44",
        "04/05/1998",
        "1998-05-04",
        "4 mai 1998",
        "Chenôve",  # the residence
        "13/08/2026",  # the sentence
        "24/12/2025",  # the offence
        KIND.label,
        KIND.label.lower(),
        "sursis",
        "Sursis",
        MedicalTrigger.PREGNANCY.label.lower(),
        "enceinte",
        "handicap",
        "examen médical",
        "Examen médical",
    ]


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_the_host_receives_nothing_of_the_person_but_name_tasks_schedule_and_hours(
    client_for, team, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Ville de Dijon", commune=commune("dijon"))
    post = PostFactory(organisation=organisation, title="Espaces verts", places_offered=2)
    other_post = PostFactory(organisation=organisation, title="Accueil de la médiathèque")
    admin, tutor, other_tutor = (
        host_member(organisation),
        host_member(organisation, role="tutor"),
        host_member(organisation, role="tutor"),
    )
    post.tutors.add(tutor)
    other_post.tutors.add(other_tutor)
    measure = MeasureFactory(
        appi_number=APPI,
        last_name="Lefort",
        first_names="Jordan",
        birth_date=date(1998, 5, 4),
        residence=commune("chenove"),
        phone=PHONE,
        kind=KIND,
        hours_ordered=20,
        sentence_date=date(2026, 8, 13),
        offence_date=date(2025, 12, 24),
        deadline=date(2027, 8, 13),
        service=team["officer"].service,
        officer=team["officer"],
        jap=team["jap"],
        tribunal=team["jap"].service,
    )
    outbox_start = len(mail.outbox)

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    # The whole life of the placement, each step as its author does it: assigned in October…
    travel = time_machine.travel("2026-10-15 10:00 +02:00", tick=False)
    travel.start()
    assigned = run(
        lambda: client_for(team["director"]).post(
            f"/mesures/{measure.pk}/affectation/poste/{post.pk}/",
            {
                "tasks": "Entretien des massifs du parc.",
                "schedule": "Le samedi de 9 h à 13 h",
                "weekly_hours": 4,
                "medical_triggers": [MedicalTrigger.PREGNANCY, MedicalTrigger.DISABILITY],
            },
        )
    )
    travel.stop()
    assert assigned.status_code == 302
    placement = Placement.objects.get(measure=measure)
    hosted = f"/mesures/accueil/{placement.pk}/"
    # … followed in November.
    travel = time_machine.travel("2026-11-22 10:00 +01:00", tick=False)
    travel.start()
    steps = [run(lambda: client_for(tutor).post(f"{hosted}heures/", {"worked_on": "2026-11-21", "hours": "4"}))]
    steps.append(
        run(
            lambda: client_for(tutor).post(
                f"{hosted}incident/",
                {
                    "kind": IncidentKind.ABSENCE,
                    "occurred_on": "2026-11-20",
                    "description": "Absent sans prévenir.",
                    "host_action": HostAction.NONE,
                },
            )
        )
    )
    run(lambda: services.write_incident_report(placement.incidents.get(), team["officer"], "Rappel fait."))
    for day in range(2, 6):
        run(
            lambda day=day: services.record_attendance(
                placement, admin, worked_on=TODAY - timedelta(days=day * 7), hours=Decimal(4)
            )
        )
    run(lambda: services.validate_attendances(measure, team["officer"]))
    steps.append(run(lambda: client_for(tutor).post(f"{hosted}attestation/")))
    assert [step.status_code for step in steps] == [302, 302, 302]
    placement.refresh_from_db()
    assert placement.attestation_issued_at is not None

    # Everything the host can open, and everything it was sent.
    seen: dict[str, str] = {}
    for user in (admin, tutor):
        client = client_for(user)
        for url in (
            "/",
            "/notifications/",
            "/mesures/accueil/",
            hosted,
            f"/structures/{organisation.pk}/",
            f"/postes/{post.pk}/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            seen[f"{user.email} {url}"] = html.unescape(response.text)
        for document in ("decision.pdf", "attestation.pdf"):
            response = client.get(f"{hosted}{document}")
            assert response.status_code == 200
            assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
            seen[f"{user.email} {document}"] = pdf_text(response.content)
        assert "no-store" in client.get(hosted)["Cache-Control"]
        for notification in Notification.objects.filter(user=user):
            seen[f"{user.email} notification {notification.kind}"] = f"{notification.title}\n{notification.body}"
    for message in mail.outbox[outbox_start:]:
        if set(message.to) & {admin.email, tutor.email, other_tutor.email}:
            seen[f"e-mail to {message.to}: {message.subject}"] = f"{message.subject}\n{message.body}"
            for name, content, _type in message.attachments:
                seen[f"attachment {name}"] = pdf_text(content) if name.endswith(".pdf") else str(content)

    # What the host is meant to have is there.
    assert "LEFORT Jordan" in seen[f"{tutor.email} {hosted}"]
    assert "Entretien des massifs du parc." in seen[f"{tutor.email} decision.pdf"]
    assert "Le samedi de 9 h à 13 h" in seen[f"{admin.email} decision.pdf"]
    assert "LEFORT Jordan" in seen[f"{admin.email} attestation.pdf"]
    assert set(Notification.objects.filter(user__in=[admin, tutor]).values_list("kind", flat=True)) == {"placement"}
    assert any(key.startswith("e-mail") for key in seen)
    # And nothing else about the person, anywhere.
    leaks = {key: [word for word in forbidden() if word in text] for key, text in seen.items()}
    leaks = {key: words for key, words in leaks.items() if words}
    assert leaks == {}

    # A tutor of another post of the organisation hears of nothing.
    assert not Notification.objects.filter(user=other_tutor).exists()
    assert not any(other_tutor.email in message.to for message in mail.outbox[outbox_start:])
    assert client_for(other_tutor).get(hosted).status_code == 404
    travel.stop()
