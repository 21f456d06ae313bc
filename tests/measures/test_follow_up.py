"""After the assignment: the host's view of the people placed with it, the attendance sheet
and its validation, incidents, the attestation, the closing and the failure report, the
documents, the alerts and the director's view."""

import html
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from tests.accounts.factories import host_member, lawyer, probation_officer, referent
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tig.audit.enums import Operation
from tig.audit.models import AuditEntry
from tig.measures import services
from tig.measures.enums import HostAction, IncidentKind, MeasureStatus
from tig.measures.models import Attendance, Incident, Measure, Placement
from tig.measures.progress import behind_pace
from tig.measures.tasks import alert_officers, anonymise_closed_measures
from tig.notifications.models import Notification
from tig.posts.models import Post

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def host():
    organisation = OrganisationFactory(name="Ville de Dijon")
    post = PostFactory(organisation=organisation, title="Espaces verts", places_offered=2, places_taken=1)
    tutor = host_member(organisation, role="tutor")
    post.tutors.add(tutor)
    return {"organisation": organisation, "post": post, "tutor": tutor, "admin": host_member(organisation)}


@pytest.fixture
def placement(measure, host):
    return PlacementFactory(measure=measure, post=host["post"], decided_at=datetime(2026, 10, 23, 9, tzinfo=UTC))


def record(client, placement, day=TODAY - timedelta(days=2), hours="3"):
    return client.post(
        f"/mesures/accueil/{placement.pk}/heures/", {"worked_on": day.isoformat(), "hours": hours}, follow=True
    )


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


def validate_all(measure, officer, hours):
    for index in range(0, int(hours), 8):
        services.record_attendance(
            measure.placements.active().get(),
            officer,
            worked_on=TODAY - timedelta(days=25 - index // 8),
            hours=Decimal(min(8, hours - index)),
        )
    services.validate_attendances(measure, officer)


class TestProgress:
    @pytest.mark.parametrize(
        ("remaining", "weekly", "days_left", "behind"),
        [
            (20, 2, 14, True),  # 4 hours fit in two weeks, not 20
            (4, 2, 14, False),
            (5, 2, 14, True),
            (20, None, 14, False),  # no planned rate: nothing to compare
            (0, 2, -3, False),  # nothing left
            (1, 10, -3, True),  # the deadline has passed with an hour left
        ],
    )
    def test_behind_pace(self, remaining, weekly, days_left, behind):
        assert behind_pace(Decimal(remaining), weekly, TODAY, TODAY + timedelta(days=days_left)) is behind


class TestHostAccess:
    def test_the_tutor_and_the_admin_see_name_schedule_and_hours_only(self, client_for, host, placement):
        measure = placement.measure
        measure.phone = "0601020304"
        measure.save()
        for user in (host["tutor"], host["admin"]):
            listing = html.unescape(client_for(user).get("/mesures/accueil/").text)
            assert measure.person_name in listing and "Le samedi de 9 h à 12 h" in listing
            page = html.unescape(client_for(user).get(f"/mesures/accueil/{placement.pk}/").text)
            assert measure.person_name in page and "0 h validées sur 105 h" in page
            for private in ("04/05/1998", "0601020304", measure.appi_number, "Dijon (21)"):
                assert private not in page
        # Each consultation is in the log, with the tutor as its author.
        assert AuditEntry.objects.filter(
            actor=host["tutor"], operation=Operation.READ, object_id=str(measure.pk)
        ).exists()

    def test_the_full_record_stays_closed_to_the_host(self, client_for, host, placement):
        measure = placement.measure
        for user in (host["tutor"], host["admin"]):
            client = client_for(user)
            assert client.get(f"/mesures/{measure.pk}/").status_code == 404
            assert client.get(f"/mesures/{measure.pk}/affectations/{placement.pk}/courrier.pdf").status_code == 404
            assert client.post(f"/mesures/{measure.pk}/heures/valider/").status_code == 404

    def test_others_get_nothing(self, client_for, host, placement):
        colleague = host_member(host["organisation"], role="tutor")  # tutor of another post of the same host
        other_host = host_member(OrganisationFactory())
        for user in (colleague, other_host):
            client = client_for(user)
            assert "MARTIN" not in client.get("/mesures/accueil/").text
            assert client.get(f"/mesures/accueil/{placement.pk}/").status_code == 404
            assert record(client, placement).status_code == 404
            assert client.get(f"/mesures/accueil/{placement.pk}/decision.pdf").status_code == 404
        for user in (lawyer(), referent("21"), probation_officer("59")):
            assert client_for(user).get(f"/mesures/accueil/{placement.pk}/").status_code == 404
            assert client_for(user).get(f"/mesures/{placement.measure_id}/").status_code == 404
        assert client_for(lawyer()).get("/mesures/accueil/").status_code == 403
        assert not Attendance.objects.exists()

    def test_the_access_ends_with_the_placement(self, client_for, host, placement, team):
        services.end_placement(placement.measure, "Déménagement", team["officer"])
        assert client_for(host["tutor"]).get(f"/mesures/accueil/{placement.pk}/").status_code == 404


class TestHours:
    def test_the_tutor_records_and_the_officer_validates(self, client_for, host, placement, team):
        measure = placement.measure
        response = record(client_for(host["tutor"]), placement, hours="3.5")
        assert "Heures enregistrées pour le 20/11/2026 : 3,5." in html.unescape(response.text)
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.IN_PROGRESS
        assert Notification.objects.filter(user=team["officer"], kind="hours_recorded").exists()
        page = html.unescape(client_for(team["officer"]).get(f"/mesures/{measure.pk}/").text)
        assert "0 h validées sur 105 h, 3,5 h à valider" in page
        # The JAP reads, the officer validates.
        assert client_for(team["jap"]).post(f"/mesures/{measure.pk}/heures/valider/").status_code == 403
        client_for(team["officer"]).post(f"/mesures/{measure.pk}/heures/valider/")
        attendance = Attendance.objects.get()
        assert attendance.validated_by == team["officer"] and attendance.validated_at
        assert Measure.objects.with_progress().get().hours_validated == Decimal("3.5")

    @pytest.mark.parametrize(
        ("day", "hours", "message"),
        [
            (TODAY + timedelta(days=1), "3", "ne peut pas être dans le futur"),
            (TODAY - timedelta(days=40), "3", "accueillie depuis le 23/10/2026"),
            (TODAY, "11", "Au plus 10 heures par jour"),
            (TODAY, "2.25", "demi-heure"),
            (TODAY, "0", "au moins une demi-heure"),
            (TODAY, "beaucoup", "Saisissez un nombre"),
        ],
    )
    def test_bad_entries_are_refused(self, client_for, host, placement, day, hours, message):
        response = record(client_for(host["tutor"]), placement, day, hours)
        assert response.status_code == 400 and message in html.unescape(response.text)
        assert not Attendance.objects.exists()

    def test_a_minor_works_8_hours_a_day_at_most(self, client_for, host, placement):
        Measure.objects.filter(pk=placement.measure_id).update(is_minor=True)
        response = record(client_for(host["tutor"]), placement, hours="9")
        assert "Au plus 8 heures par jour" in html.unescape(response.text)

    def test_no_more_than_the_hours_ordered_and_one_entry_a_day(self, client_for, host, placement):
        Measure.objects.filter(pk=placement.measure_id).update(hours_ordered=20)
        client = client_for(host["tutor"])
        record(client, placement, TODAY - timedelta(days=3), "8")
        record(client, placement, TODAY - timedelta(days=2), "8")
        response = record(client, placement, TODAY - timedelta(days=1), "5")
        assert "Heures restant à effectuer : 4 sur les 20" in html.unescape(response.text)
        response = record(client, placement, TODAY - timedelta(days=2), "2")
        assert "Des heures sont déjà saisies pour le 20/11/2026" in html.unescape(response.text)
        assert sorted(Attendance.objects.values_list("hours", flat=True)) == [8, 8]

    def test_the_officer_sets_aside_a_wrong_entry_with_a_reason_and_the_host_is_told(
        self, client_for, host, placement, team
    ):
        client = client_for(host["tutor"])
        record(client, placement, TODAY - timedelta(days=3))
        wrong = Attendance.objects.get()
        officer = client_for(team["officer"])
        url = f"/mesures/{placement.measure_id}/heures/{wrong.pk}/ecarter/"
        assert "Motif" in officer.get(url).text  # the reason is asked first
        assert officer.post(url, {"reason": ""}).status_code == 400
        assert Attendance.objects.get().set_aside_at is None
        officer.post(url, {"reason": "La personne était absente ce jour-là."})
        wrong.refresh_from_db()
        # Kept, marked, never counted; the host reads why and may record that day again.
        assert wrong.set_aside_at and wrong.set_aside_by == team["officer"]
        assert Measure.objects.with_progress().get().hours_pending == 0
        told = Notification.objects.get(user=host["tutor"], title__startswith="Heures écartées")
        assert "La personne était absente ce jour-là." in told.body
        assert "écartées par le service : La personne était absente" in html.unescape(
            client.get(f"/mesures/accueil/{placement.pk}/").text
        )
        record(client, placement, TODAY - timedelta(days=3))
        officer.post(f"/mesures/{placement.measure_id}/heures/valider/")
        kept = Attendance.objects.get(set_aside_at__isnull=True)
        assert kept.validated_at and not Attendance.objects.get(pk=wrong.pk).validated_at
        response = officer.post(
            f"/mesures/{placement.measure_id}/heures/{kept.pk}/ecarter/", {"reason": "Erreur."}, follow=True
        )
        assert "déjà validées" in html.unescape(response.text)  # only an entry still to validate
        assert Attendance.objects.get(pk=kept.pk).set_aside_at is None


class TestIncidents:
    def report(self, client, placement, **overrides):
        data = {
            "kind": IncidentKind.ABSENCE,
            "occurred_on": (TODAY - timedelta(days=1)).isoformat(),
            "description": "Ne s'est pas présenté samedi, sans prévenir.",
            "host_action": HostAction.NONE,
            **overrides,
        }
        return client.post(f"/mesures/accueil/{placement.pk}/incident/", data, follow=True)

    def test_an_absence_reaches_the_officer_at_once_without_a_name(self, client_for, host, placement, team):
        self.report(client_for(host["tutor"]), placement)
        notification = Notification.objects.get(user=team["officer"], kind="incident")
        assert "absence" in notification.title and placement.measure.last_name not in notification.body
        page = html.unescape(client_for(team["officer"]).get("/mesures/").text)
        assert "incident" in page

    def test_an_absence_does_not_allow_suspending_the_work(self, client_for, host, placement):
        response = self.report(client_for(host["tutor"]), placement, host_action=HostAction.SUSPEND)
        assert response.status_code == 400 and "pas pour une absence" in html.unescape(response.text)
        assert not Incident.objects.exists()

    def test_an_overlong_account_is_refused(self, client_for, host, placement):
        response = self.report(client_for(host["tutor"]), placement, description="x" * 2001)
        assert response.status_code == 400 and "2000 caractères" in html.unescape(response.text).replace("\u202f", "")
        assert not Incident.objects.exists()

    def test_a_danger_suspends_the_work_until_it_resumes(self, client_for, host, placement, team):
        client = client_for(host["tutor"])
        self.report(client, placement, kind=IncidentKind.DANGER, host_action=HostAction.SUSPEND)
        placement.refresh_from_db()
        assert placement.work_suspended_at is not None
        response = record(client, placement, TODAY)
        assert "Le travail est suspendu depuis le 22/11/2026" in html.unescape(response.text)
        assert record(client, placement, TODAY - timedelta(days=1)).status_code == 200  # before the suspension
        client.post(f"/mesures/accueil/{placement.pk}/reprise/")
        placement.refresh_from_db()
        assert placement.work_suspended_at is None
        assert Notification.objects.filter(user=team["officer"], title__startswith="Reprise").exists()

    def test_only_the_admin_ends_the_placement_and_the_place_is_freed(self, client_for, host, placement, team):
        response = self.report(client_for(host["tutor"]), placement, kind="misconduct", host_action=HostAction.END)
        assert response.status_code == 400 and not Incident.objects.exists()
        assert (
            client_for(host["tutor"]).post(f"/mesures/accueil/{placement.pk}/fin/", {"reason": "x"}).status_code == 403
        )
        self.report(client_for(host["admin"]), placement, kind="misconduct", host_action=HostAction.END)
        placement.refresh_from_db()
        assert placement.ended_at and placement.ended_by == host["admin"]
        assert Post.objects.get(pk=host["post"].pk).places_taken == 0
        assert Measure.objects.get().status == MeasureStatus.REFERRED
        # The service sees it must decide a new assignment.
        page = html.unescape(client_for(team["officer"]).get(f"/mesures/{placement.measure_id}/").text)
        assert "Choisir un poste" in page

    def test_the_officer_reports_to_the_jap(self, client_for, host, placement, team):
        self.report(client_for(host["tutor"]), placement, kind=IncidentKind.MISCONDUCT)
        incident = Incident.objects.get()
        url = f"/mesures/{placement.measure_id}/incidents/{incident.pk}/rapport/"
        assert client_for(team["jap"]).post(url, {"report": "x"}).status_code == 403
        assert client_for(team["officer"]).post(url, {"report": ""}).status_code == 400
        client_for(team["officer"]).post(url, {"report": "Rappel des obligations fait le 21/11."})
        assert Notification.objects.filter(user=team["jap"], kind="incident_report").exists()
        text = pdf_text(client_for(team["jap"]).get(f"{url[:-1]}.pdf"))
        assert "Rappel des obligations" in text and "Manquement" in text
        assert client_for(host["tutor"]).get(f"{url[:-1]}.pdf").status_code == 404


class TestEnd:
    def test_from_the_last_hours_to_the_closing(self, client_for, host, placement, team):
        measure = placement.measure
        Measure.objects.filter(pk=measure.pk).update(hours_ordered=20)
        tutor = client_for(host["tutor"])
        refused = tutor.post(f"/mesures/accueil/{placement.pk}/attestation/", follow=True)
        assert "une fois toutes les heures effectuées" in html.unescape(refused.text)
        closing = client_for(team["officer"]).post(f"/mesures/{measure.pk}/cloture/", follow=True)
        assert "ne sont pas encore effectuées" in html.unescape(closing.text)
        validate_all(measure, team["officer"], 20)
        refused = client_for(team["officer"]).post(f"/mesures/{measure.pk}/cloture/", follow=True)
        assert "pas encore délivré l'attestation" in html.unescape(refused.text)
        tutor.post(f"/mesures/accueil/{placement.pk}/attestation/")
        text = pdf_text(tutor.get(f"/mesures/accueil/{placement.pk}/attestation.pdf"))
        assert measure.person_name in text and "20 heures" in text and "04/05/1998" not in text
        client_for(team["officer"]).post(f"/mesures/{measure.pk}/cloture/")
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.COMPLETED and measure.closed_at and measure.closed_by == team["officer"]
        assert Post.objects.get(pk=host["post"].pk).places_taken == 0
        assert Notification.objects.filter(user=team["jap"], kind="measure_closed").exists()
        assert pdf_text(
            client_for(team["jap"]).get(f"/mesures/{measure.pk}/affectations/{placement.pk}/attestation.pdf")
        )
        # Closed: the host no longer sees the person.
        assert tutor.get(f"/mesures/accueil/{placement.pk}/").status_code == 404

    def test_the_failure_report_goes_to_the_jap(self, client_for, host, placement, team):
        measure = placement.measure
        url = f"/mesures/{measure.pk}/non-execution/"
        assert client_for(team["jap"]).post(url, {}).status_code == 403
        assert client_for(lawyer()).get(url).status_code == 404
        assert client_for(team["officer"]).post(url, {"failure_reason": "refusal"}).status_code == 400
        overlong = {"failure_reason": "refusal", "failure_report": "x" * 5001}
        assert client_for(team["officer"]).post(url, overlong).status_code == 400
        assert Measure.objects.get().status != MeasureStatus.FAILED
        client_for(team["officer"]).post(url, {"failure_reason": "refusal", "failure_report": "Refus répété."})
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.FAILED and measure.closed_at
        assert Post.objects.get(pk=host["post"].pk).places_taken == 0
        assert Notification.objects.filter(user=team["jap"], kind="measure_closed").exists()
        text = pdf_text(client_for(team["jap"]).get(f"{url}rapport.pdf"))
        assert "Refus d'exécuter le travail" in text and "Refus répété." in text

    def test_the_decision_and_the_letter(self, client_for, host, placement, team):
        measure = placement.measure
        decision = f"/mesures/{measure.pk}/affectations/{placement.pk}/decision.pdf"
        letter = f"/mesures/{measure.pk}/affectations/{placement.pk}/courrier.pdf"
        text = pdf_text(client_for(team["jap"]).get(decision))
        assert "Décision d'affectation" in text and "Ville de Dijon" in text and "Le samedi de 9 h à 12 h" in text
        assert pdf_text(client_for(host["tutor"]).get(f"/mesures/accueil/{placement.pk}/decision.pdf"))
        assert "105 heures" in pdf_text(client_for(team["officer"]).get(letter))
        # The letter to the person is the service's to hand over.
        assert client_for(team["jap"]).get(letter).status_code == 403
        assert AuditEntry.objects.filter(
            actor=team["jap"], operation=Operation.READ, object_id=str(measure.pk)
        ).exists()


class TestAlerts:
    def test_two_months_before_the_deadline_once(self, team, measure):
        Measure.objects.filter(pk=measure.pk).update(deadline=TODAY + timedelta(days=50))
        assert alert_officers.call() == 1
        assert alert_officers.call() == 0
        assert Notification.objects.get(user=team["officer"], kind="measure_alert").title.startswith("Échéance le")

    def test_behind_the_planned_rate_once_until_it_catches_up(self, team, placement):
        # 105 hours, 3 a week, about 40 weeks left: 120 hours fit. Then 10 weeks left: 30 do not.
        assert alert_officers.call() == 0
        Measure.objects.filter(pk=placement.measure_id).update(deadline=TODAY + timedelta(days=150))
        assert alert_officers.call() == 1 and alert_officers.call() == 0
        assert Measure.objects.get().pace_alert_sent
        Placement.objects.filter(pk=placement.pk).update(weekly_hours=35)
        assert alert_officers.call() == 0
        assert not Measure.objects.get().pace_alert_sent

    def test_nothing_when_the_module_is_off(self, settings, measure):
        Measure.objects.filter(pk=measure.pk).update(deadline=TODAY + timedelta(days=10))
        settings.MEASURES_ENABLED = False
        assert alert_officers.call() == 0


class TestDirectorView:
    def test_what_awaits_whom(self, client_for, team, host, placement):
        MeasureFactory(service=team["officer"].service, officer=team["officer"])  # to assign
        record(client_for(host["tutor"]), placement)
        assert client_for(team["officer"]).get("/mesures/service/").status_code == 403
        assert client_for(team["jap"]).get("/mesures/service/").status_code == 403
        page = client_for(team["director"]).get("/mesures/service/")
        row = html.unescape(page.text).split(team["officer"].get_full_name())[1].split("</tr>")[0]
        # open, to assign, alerts, late, hours to validate, incidents, to close
        assert [cell.split("<")[0] for cell in row.split("<td>")[1:]] == ["2", "1", "0", "0", "1", "0", "0"]

    def test_constant_queries(self, client_for, team, host):
        client = client_for(team["director"])

        def count(n):
            for _ in range(n):
                placement = PlacementFactory(
                    measure=MeasureFactory(service=team["officer"].service, officer=team["officer"])
                )
                services.record_attendance(placement, team["officer"], worked_on=TODAY, hours=Decimal(2))
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/mesures/service/").status_code == 200
            return len(queries)

        assert count(5) == count(40)


class TestServiceStepsRefused:
    """The service's steps: the JAP reads but acts on none (403); another SPIP's officer and
    the host know nothing of the record (404); nothing changes."""

    def test_refusals(self, client_for, team, host, placement):
        measure = placement.measure
        attendance = services.record_attendance(placement, host["tutor"], worked_on=TODAY, hours=Decimal(3))
        incident = services.report_incident(
            placement, host["tutor"], kind="misconduct", occurred_on=TODAY, description="Insultes.", host_action="none"
        )
        Placement.objects.filter(pk=placement.pk).update(work_suspended_at=datetime(2026, 11, 22, 9, tzinfo=UTC))
        base = f"/mesures/{measure.pk}"
        steps = [
            (f"{base}/heures/valider/", {}),
            (f"{base}/heures/{attendance.pk}/ecarter/", {}),
            (f"{base}/affectation/reprise/", {}),
            (f"{base}/affectation/fin/", {"reason": "Fin."}),
            (f"{base}/incidents/{incident.pk}/rapport/", {"report": "Rapport."}),
            (f"{base}/cloture/", {}),
            (f"{base}/non-execution/", {"failure_reason": "refusal", "failure_report": "Refus."}),
        ]
        for user, status in ((team["jap"], 403), (probation_officer("59"), 404), (host["admin"], 404)):
            client = client_for(user)
            for url, data in steps:
                assert client.post(url, data).status_code == status, (user, url)
        measure.refresh_from_db()
        placement.refresh_from_db()
        incident.refresh_from_db()
        assert Attendance.objects.get().validated_at is None and placement.work_suspended_at is not None
        assert placement.ended_at is None and incident.report == "" and not measure.is_closed


def test_anonymisation_erases_what_was_written_about_the_person(team, host, placement):
    services.report_incident(
        placement,
        host["tutor"],
        kind=IncidentKind.ABSENCE,
        occurred_on=TODAY,
        description="Absent, malade selon sa mère.",
        host_action=HostAction.NONE,
    )
    services.write_incident_report(Incident.objects.get(), team["officer"], "Entretien avec M. Martin.")
    services.record_failure(placement.measure, team["officer"], reason="refusal", report="M. Martin refuse.")
    with time_machine.travel("2032-01-01"):
        assert anonymise_closed_measures.call() == 1
    incident, measure = Incident.objects.get(), Measure.objects.get()
    assert (incident.description, incident.report, measure.failure_report) == ("", "", "")
    assert incident.kind == IncidentKind.ABSENCE and measure.status == MeasureStatus.FAILED
