"""Measures: creation within the law's limits, who sees what, the audit of every read,
suspensions, the caseload's queries, anonymisation, and the switch."""

import html
import importlib
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import clear_url_caches
from django.utils import timezone

from tests.accounts.factories import (
    host_member,
    lawyer,
    magistrate,
    national_admin,
    pjj_director,
    probation_officer,
    referent,
    spip_director,
)
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction
from tig.audit.models import AuditEntry, Operation
from tig.measures.models import ANONYMISED, Attendance, Incident, Measure, Suspension
from tig.measures.tasks import anonymise_closed_measures

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 11, 22), tick=False):
        yield


@pytest.fixture
def officer():
    return probation_officer("21", first_name="Nadia", last_name="Conseil")


@pytest.fixture
def jap():
    return magistrate(MagistrateFunction.JAP, first_name="Hélène", last_name="Juge")


def data(officer, judge, **overrides):
    commune("dijon")
    values = {
        "appi_number": "21-2026-00042",
        "last_name": "Martin",
        "first_names": "Kevin",
        "birth_date": "1998-05-04",
        "residence": "Dijon (21)",
        "kind": "tig",
        "hours_ordered": "105",
        "sentence_date": "2026-09-01",
        "deadline": "2028-03-01",
        "consent_mode": "present",
        "tribunal": str(judge.service_id),
        "jap": str(judge.pk),
        "officer": str(officer.pk),
    }
    return {**values, **overrides}


class TestCreation:
    def test_an_officer_records_a_measure(self, client_for, officer, jap):
        response = client_for(officer).post("/mesures/nouvelle/", data(officer, jap))
        measure = Measure.objects.get()
        assert response.status_code == 302 and response.url == f"/mesures/{measure.pk}/"
        assert measure.service == officer.service and measure.officer == officer and not measure.is_minor
        assert AuditEntry.objects.filter(operation=Operation.CREATE, object_type="measures.measure").exists()

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"hours_ordered": "19"}, "hours_ordered", "compris entre 20 et 400"),
            ({"hours_ordered": "401"}, "hours_ordered", "compris entre 20 et 400"),
            ({"kind": "tnr", "hours_ordered": "101"}, "hours_ordered", "compris entre 1 et 100"),
            ({"kind": "contravention", "hours_ordered": "121"}, "hours_ordered", "compris entre 20 et 120"),
            ({"deadline": "2028-03-02"}, "deadline", "18 mois au plus : au plus tard le 01/03/2028"),
            ({"deadline": "2026-08-31"}, "deadline", "ne peut précéder la décision"),
            ({"sentence_date": "2026-12-01"}, "sentence_date", "dans le futur"),
            ({"birth_date": "2011-01-01"}, "birth_date", "16 ans"),
            (
                {"birth_date": "2009-06-01", "offence_date": "2026-03-01", "consent_mode": "deferred"},
                "consent_mode",
                "consentement différé n'est pas possible pour un mineur",
            ),
            ({"birth_date": "2009-06-01"}, "offence_date", "date des faits"),
            ({"birth_date": "2009-06-01", "offence_date": "2022-01-01"}, "offence_date", "13 ans au moins"),
            ({"residence": "Atlantide"}, "residence", "Atlantide"),
            ({"hours_ordered": "cent"}, "hours_ordered", "nombre entier"),
        ],
    )
    def test_limits_of_the_law_are_refused_with_a_reason(self, client_for, officer, jap, overrides, field, message):
        response = client_for(officer).post("/mesures/nouvelle/", data(officer, jap, **overrides))
        assert response.status_code == 400
        assert field in response.context["form"].errors
        assert message in html.unescape(response.text)
        assert not Measure.objects.exists()

    def test_a_minor_with_consent_given_is_recorded_as_a_minor(self, client_for, officer, jap):
        client_for(officer).post(
            "/mesures/nouvelle/", data(officer, jap, birth_date="2009-06-01", offence_date="2026-03-01")
        )
        assert Measure.objects.get().is_minor

    def test_a_jap_of_another_tribunal_is_refused(self, client_for, officer, jap):
        other = magistrate(MagistrateFunction.JAP, departement_code="59")
        response = client_for(officer).post("/mesures/nouvelle/", data(officer, jap, jap=str(other.pk)))
        assert response.status_code == 400 and not Measure.objects.exists()

    @pytest.mark.parametrize("make_user", [lawyer, lambda: referent("21"), lambda: magistrate(), national_admin])
    def test_only_the_services_create(self, client_for, officer, jap, make_user):
        client = client_for(make_user())
        assert client.get("/mesures/nouvelle/").status_code == 403
        assert client.post("/mesures/nouvelle/", data(officer, jap)).status_code == 403
        assert not Measure.objects.exists()


class TestAccess:
    def test_the_permission_matrix(self, client_for, officer, jap):
        measure = MeasureFactory(service=officer.service, officer=officer, jap=jap)
        colleague = probation_officer("21")
        director = spip_director("21")
        allowed = {"officer": officer, "colleague": colleague, "director": director, "jap": jap}
        refused = {
            "other_spip": probation_officer("59"),
            "other_director": spip_director("59"),
            "other_jap": magistrate(MagistrateFunction.JAP, departement_code="59"),
            "prosecutor": magistrate(MagistrateFunction.PROSECUTOR),
            "lawyer": lawyer(),
            "referent": referent("21"),
            "tutor": host_member(OrganisationFactory(), role="tutor"),
            "pjj_of_another_service": pjj_director("21"),
            "national_admin": national_admin(),
        }
        for name, user in allowed.items():
            response = client_for(user).get(f"/mesures/{measure.pk}/")
            assert response.status_code == 200, name
            assert AuditEntry.objects.filter(
                operation=Operation.READ, object_type="measures.measure", object_id=str(measure.pk), actor_id=user.pk
            ).exists(), name
        for name, user in refused.items():
            client = client_for(user)
            assert client.get(f"/mesures/{measure.pk}/").status_code == 404, name
            assert client.post(f"/mesures/{measure.pk}/modifier/", {}).status_code == 404, name
            assert "MARTIN" not in client.get("/mesures/").text, name
        # The JAP reads, but does not edit.
        assert client_for(jap).get(f"/mesures/{measure.pk}/modifier/").status_code == 403

    def test_the_caseload_lists_the_officers_measures_nearest_deadline_first(self, client_for, officer):
        later = MeasureFactory(service=officer.service, officer=officer, last_name="Tard", deadline=date(2027, 9, 1))
        soon = MeasureFactory(service=officer.service, officer=officer, last_name="Bientot", deadline=date(2027, 1, 10))
        MeasureFactory(service=officer.service, officer=probation_officer("21"), last_name="Autre")
        text = client_for(officer).get("/mesures/").text
        assert text.index("BIENTOT") < text.index("TARD") and "AUTRE" not in text
        listed = AuditEntry.objects.get(operation=Operation.READ, object_type="lot", actor_id=officer.pk)
        assert listed.object_repr == "liste des mesures suivies" and listed.changes == ["mesures : 2"]
        assert "moins de 2 mois" in text
        director_text = client_for(spip_director("21")).get("/mesures/").text
        assert "AUTRE" in director_text and later.appi_number in director_text and soon.appi_number in director_text

    @pytest.mark.parametrize("count", [10, 80])
    def test_the_caseload_takes_a_constant_number_of_queries(
        self, client_for, officer, django_assert_max_num_queries, count
    ):
        for index in range(count):
            measure = MeasureFactory(service=officer.service, officer=officer)
            if index % 3 == 0:
                Suspension.objects.create(
                    measure=measure, reason="detention", starts_on=date(2026, 10, 1), recorded_by=officer
                )
            if index % 2 == 0:  # placed, with hours validated and waiting, and an incident
                placement = PlacementFactory(measure=measure)
                for day, validated in ((date(2026, 10, 3), timezone.now()), (date(2026, 10, 10), None)):
                    Attendance.objects.create(
                        placement=placement, worked_on=day, hours=4, recorded_by=officer, validated_at=validated
                    )
                Incident.objects.create(
                    placement=placement,
                    kind="absence",
                    occurred_on=date(2026, 10, 17),
                    description="Absent.",
                    host_action="none",
                    reported_by=officer,
                )
        client = client_for(officer)
        client.get("/mesures/")
        with django_assert_max_num_queries(8):
            response = client.get("/mesures/")
        # Fifty to a page: all of them over the pages, each once.
        pages = [response.text] + ([client.get("/mesures/", {"page": 2}).text] if count > 50 else [])
        shown = [re.findall(r'href="/mesures/(\d+)/"', text) for text in pages]
        assert [len(ids) for ids in shown] == ([count] if count <= 50 else [50, count - 50])
        assert len({pk for ids in shown for pk in ids}) == count
        assert sum(text.count("4 h à valider") for text in pages) == (count + 1) // 2


class TestSuspensions:
    def test_the_service_records_a_suspension_by_law_and_the_deadline_moves(self, client_for, officer, jap):
        measure = MeasureFactory(service=officer.service, officer=officer, jap=jap, deadline=date(2027, 9, 1))
        client = client_for(officer)
        response = client.post(
            f"/mesures/{measure.pk}/suspensions/",
            {"reason": "detention", "starts_on": "2026-10-01", "ends_on": "2026-10-10"},
        )
        assert response.status_code == 302
        assert "11/09/2027" in client.get(f"/mesures/{measure.pk}/").text
        # A serious-reason suspension is the JAP's: the service is refused it…
        refused = client.post(f"/mesures/{measure.pk}/suspensions/", {"reason": "medical", "starts_on": "2026-11-01"})
        assert refused.status_code == 400 and measure.suspensions.count() == 1
        # …and the JAP of the case records it.
        client_for(jap).post(f"/mesures/{measure.pk}/suspensions/", {"reason": "medical", "starts_on": "2026-11-01"})
        assert measure.suspensions.filter(reason="medical", recorded_by=jap).exists()

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ({"starts_on": "2026-08-01"}, "avant la décision"),
            ({"starts_on": "2026-12-01"}, "dans le futur"),
            ({"starts_on": "2026-10-10", "ends_on": "2026-10-01"}, "ne peut précéder son début"),
        ],
    )
    def test_bad_periods_are_refused(self, client_for, officer, values, message):
        measure = MeasureFactory(service=officer.service, officer=officer)
        response = client_for(officer).post(f"/mesures/{measure.pk}/suspensions/", {"reason": "arse", **values})
        assert response.status_code == 400 and message in html.unescape(response.text)
        assert not measure.suspensions.exists()

    def test_others_cannot_suspend(self, client_for, officer, jap):
        measure = MeasureFactory(service=officer.service, officer=officer, jap=jap)
        for user in (lawyer(), probation_officer("59"), magistrate(MagistrateFunction.PROSECUTOR)):
            response = client_for(user).post(
                f"/mesures/{measure.pk}/suspensions/", {"reason": "arse", "starts_on": "2026-11-01"}
            )
            assert response.status_code == 404
        assert not measure.suspensions.exists()


class TestAnonymisation:
    def test_closed_measures_are_anonymised_after_the_retention(self, settings, officer):
        settings.MEASURES_RETENTION_YEARS = 5
        old = MeasureFactory(
            service=officer.service, status="completed", closed_at=timezone.now() - timedelta(days=5 * 366)
        )
        recent = MeasureFactory(
            service=officer.service, status="completed", closed_at=timezone.now() - timedelta(days=365)
        )
        running = MeasureFactory(service=officer.service)
        assert anonymise_closed_measures.call() == 1
        old.refresh_from_db()
        assert old.last_name == ANONYMISED and old.first_names == "" and old.birth_date is None
        assert old.appi_number == "" and old.residence is None and old.anonymised_at is not None
        assert old.kind == "tig" and old.hours_ordered == 105  # what statistics count stays
        for measure in (recent, running):
            measure.refresh_from_db()
            assert measure.anonymised_at is None and measure.last_name != ANONYMISED
        assert AuditEntry.objects.filter(object_type="lot", object_repr="anonymisation de mesures closes").exists()
        assert anonymise_closed_measures.call() == 0  # nothing twice

    def test_the_retention_is_counted_on_29_february(self, settings, officer):
        settings.MEASURES_RETENTION_YEARS = 5
        with time_machine.travel(date(2028, 2, 29), tick=False):
            closed = timezone.now() - timedelta(days=5 * 366)
            MeasureFactory(service=officer.service, status="completed", closed_at=closed)
            assert anonymise_closed_measures.call() == 1


def test_the_measures_can_be_switched_off(settings, client_for, officer):
    import config.urls

    settings.MEASURES_ENABLED = False
    importlib.reload(config.urls)
    clear_url_caches()
    try:
        client = client_for(officer)
        assert client.get("/mesures/").status_code == 404
        home = client.get("/")
        assert home.status_code == 200 and ">Mesures<" not in home.text
    finally:
        settings.MEASURES_ENABLED = True
        importlib.reload(config.urls)
        clear_url_caches()
    assert ">Mesures<" in client_for(officer).get("/").text
