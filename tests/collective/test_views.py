"""The collective worksites' pages: who opens what (role and scope), the enrolment and the
attendance sheet through the browser's requests, bad input, the sheet's queries."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import host_member, lawyer, probation_officer, spip_director
from tests.collective.factories import AFTER_FIRST, saturdays, service_team, waiting_measures, worksite
from tests.core.test_bad_input import NASTY, allowed
from tests.organisations.factories import OrganisationFactory
from tig.collective import services
from tig.collective.models import Enrolment
from tig.measures.models import Attendance, Incident

pytestmark = pytest.mark.django_db


def url(session, page=""):
    return f"/chantiers/seances/{session.pk}/{page}"


def enrol_all(site, people):
    return services.enrol(site["director"], site["sessions"][0], people, whole_series=True, tasks="Peinture.")


class TestEnrolmentPage:
    def test_the_director_enrols_three_measures_on_the_series(self, site, client_for):
        people = waiting_measures(site["officer"], 3)
        client = client_for(site["director"])
        page = client.get(url(site["sessions"][0]))
        assert page.status_code == 200
        assert "Inscrire aussi aux 3 séances suivantes de la série" in page.text
        assert all(person.person_name in page.text for person in people)
        answer = client.post(
            url(site["sessions"][0]),
            {"measures": [p.pk for p in people], "whole_series": "on", "tasks": "Peinture des tribunes."},
        )
        assert answer.status_code == 302
        assert Enrolment.objects.count() == 12
        page = client.get(url(site["sessions"][0]))
        assert "3 prises sur 6" in page.text
        measure_page = client_for(site["officer"]).get(f"/mesures/{people[0].pk}/")
        assert "Séances du chantier collectif" in measure_page.text and "sam. 02/01/2027" in measure_page.text

    def test_bad_input_is_answered_in_french_and_saves_nothing(self, site, client_for):
        people = waiting_measures(site["officer"], 1)
        client = client_for(site["director"])
        for data, message in (
            ({"tasks": "Peinture."}, "Choisissez au moins une personne à inscrire."),
            ({"measures": ["99999999999999999999"], "tasks": "x"}, "Sélectionnez un choix valide"),
            ({"measures": [people[0].pk], "tasks": ""}, "Ce champ est obligatoire"),
        ):
            answer = client.post(url(site["sessions"][0]), data)
            assert answer.status_code == 400 and message in answer.text
        assert not Enrolment.objects.exists()

    def test_a_full_session_is_refused_with_its_date(self, site, client_for):
        enrol_all(site, waiting_measures(site["officer"], 6))
        late = waiting_measures(site["officer"], 1)
        answer = client_for(site["director"]).post(url(site["sessions"][0]), {"measures": [late[0].pk], "tasks": "x"})
        assert answer.status_code == 400 and "Il ne reste plus de place à la séance du sam. 12/12/2026" in answer.text

    def test_a_service_sees_only_its_own_participants(self, site, client_for):
        people = waiting_measures(site["officer"], 2)
        enrol_all(site, people)
        other = probation_officer("71")
        page = client_for(other).get(url(site["sessions"][0]))
        # Saône-et-Loire's officer may see the listed worksite and its seats, not who is enrolled.
        assert page.status_code == 200 and "2 prises sur 6" in page.text
        assert not any(person.person_name in page.text for person in people)
        assert "Inscrire des personnes" not in page.text
        assert client_for(other).post(url(site["sessions"][0]), {"tasks": "x"}).status_code == 403
        mine = client_for(site["officer"]).get(url(site["sessions"][0]))
        assert all(person.person_name in mine.text for person in people)

    def test_another_organisations_member_gets_404(self, site, client_for):
        stranger = host_member(OrganisationFactory())
        assert client_for(stranger).get(url(site["sessions"][0])).status_code == 404
        assert client_for(stranger).get(url(site["sessions"][0], "feuille/")).status_code == 404

    def test_withdrawal_from_the_measures_page(self, site, client_for):
        (person,) = waiting_measures(site["officer"], 1)
        made = enrol_all(site, [person])
        client = client_for(site["director"])
        answer = client.post(f"/chantiers/inscriptions/{made[1].pk}/retirer/?retour=mesure")
        assert answer.status_code == 302 and answer.url == f"/mesures/{person.pk}/"
        assert Enrolment.objects.active().count() == 3
        # Someone who cannot read the measure: 404.
        assert client_for(spip_director("75")).post(f"/chantiers/inscriptions/{made[2].pk}/retirer/").status_code == 404


class TestHome:
    def test_each_role_sees_its_part(self, site, client_for, frozen):
        enrol_all(site, waiting_measures(site["officer"], 2))
        assert "Rénovation du stade" in client_for(site["director"]).get("/chantiers/").text  # free places
        supervisor = client_for(site["supervisor"])
        assert "sam. 12/12, 8 h 30–14 h 30 : 4 places libres sur 6" in supervisor.get("/chantiers/").text
        frozen.move_to(AFTER_FIRST)
        page = client_for(site["supervisor"]).get("/chantiers/")  # a new login: the other has expired
        assert "Feuilles de présence à remplir" in page.text and url(site["sessions"][0], "feuille/") in page.text
        assert client_for(lawyer()).get("/chantiers/").status_code == 403


class TestSheetPage:
    def test_the_supervisor_fills_the_sheet(self, site, client_for, frozen):
        people = waiting_measures(site["officer"], 2)
        enrol_all(site, people)
        frozen.move_to(AFTER_FIRST)
        client = client_for(site["supervisor"])
        page = client.get(url(site["sessions"][0], "feuille/"))
        assert page.status_code == 200 and all(person.person_name in page.text for person in people)
        lines = {e.placement.measure_id: e.pk for e in Enrolment.objects.filter(session=site["sessions"][0])}
        first, second = (lines[person.pk] for person in people)
        answer = client.post(
            url(site["sessions"][0], "feuille/"),
            {
                f"presence_{first}": "present",
                f"hours_{first}": "5,5",
                f"presence_{second}": "absent",
                f"incident_{second}": "on",
                f"note_{second}": "Absent sans prévenir.",
            },
        )
        assert answer.status_code == 302
        assert Attendance.objects.get().hours == Decimal("5.5") and Incident.objects.count() == 1
        page = client.get(url(site["sessions"][0], "feuille/"))
        assert "Déjà pointé" in page.text and "5,5 h, à valider" in page.text
        officer_page = client_for(site["officer"]).get(f"/mesures/{people[0].pk}/")
        assert "présence, 5,5 h" in officer_page.text and "5,5 h à valider" in officer_page.text

    def test_bad_hours_and_missing_lines(self, site, client_for, frozen):
        people = waiting_measures(site["officer"], 2)
        enrol_all(site, people)
        frozen.move_to(AFTER_FIRST)
        lines = list(Enrolment.objects.filter(session=site["sessions"][0]).order_by("pk"))
        client = client_for(site["supervisor"])
        for data, message in (
            ({f"presence_{lines[0].pk}": "present", f"hours_{lines[0].pk}": "12"}, "Au plus 6 heures"),
            ({f"presence_{lines[0].pk}": "present", f"hours_{lines[0].pk}": "abc"}, "Saisissez un nombre"),
            ({f"presence_{lines[0].pk}": "peut-être"}, "Sélectionnez un choix valide"),
            ({f"presence_{lines[0].pk}": "absent"}, "Indiquez la présence ou l&#x27;absence de"),
            ({f"presence_{lines[0].pk}": "present", f"presence_{lines[1].pk}": "absent"}, "Indiquez les heures"),
        ):
            answer = client.post(url(site["sessions"][0], "feuille/"), data)
            assert answer.status_code == 400 and message in answer.text, data
        assert not Attendance.objects.exists() and not Enrolment.objects.filter(marked_at__isnull=False).exists()

    def test_the_officer_cannot_fill_it(self, site, client_for, frozen):
        enrol_all(site, waiting_measures(site["officer"], 1))
        frozen.move_to(AFTER_FIRST)
        assert client_for(site["officer"]).get(url(site["sessions"][0], "feuille/")).status_code == 403

    def test_the_sheet_reads_in_a_constant_number_of_queries(self, client_for, frozen):
        counts = {}
        for size in (6, 30):
            post = worksite(title=f"Chantier de {size}")
            (session,) = saturdays(post, weeks=1, capacity=size)
            supervisor = host_member(post.organisation, role="tutor")
            post.supervisors.set([supervisor])
            team = service_team()
            services.enrol(team["director"], session, waiting_measures(team["officer"], size), tasks="x")
            with time_machine.travel(AFTER_FIRST, tick=False):
                client = client_for(supervisor)
                client.get(url(session, "feuille/"))  # the session's caches warm
                with CaptureQueriesContext(connection) as queries:
                    page = client.get(url(session, "feuille/"))
            assert page.status_code == 200 and page.text.count('type="radio"') == 2 * size
            counts[size] = len(queries)
        assert counts[6] == counts[30], counts


@pytest.mark.parametrize("value", NASTY)
def test_nasty_values_never_make_an_error_page(site, client_for, frozen, value):
    (person,) = waiting_measures(site["officer"], 1)
    enrol_all(site, [person])
    director = client_for(site["director"])
    late = waiting_measures(site["officer"], 1)[0]
    data = {"measures": [value, late.pk], "whole_series": value, "tasks": value, "medical_triggers": value}
    assert allowed(director.post(url(site["sessions"][1]), data), 400)
    assert allowed(director.post(f"/chantiers/inscriptions/{value}/retirer/"), 404)
    frozen.move_to(AFTER_FIRST)
    (line,) = Enrolment.objects.filter(session=site["sessions"][0])
    sheet = {f"presence_{line.pk}": "present", f"hours_{line.pk}": value, f"note_{line.pk}": value}
    assert allowed(client_for(site["supervisor"]).post(url(site["sessions"][0], "feuille/"), sheet), 400)
    assert not Attendance.objects.exists() and Enrolment.objects.filter(placement__measure=late).count() == 0


def test_the_classic_assignment_page_sends_to_the_worksites_sheet(site, client_for):
    (person,) = waiting_measures(site["officer"], 1)
    answer = client_for(site["director"]).get(f"/mesures/{person.pk}/affectation/poste/{site['post'].pk}/")
    assert answer.status_code == 302 and answer.url == f"/postes/{site['post'].pk}/"
    sheet = client_for(site["director"]).get(answer.url)
    assert url(site["sessions"][0]) in sheet.text


def test_a_person_enrolled_on_the_session_is_not_offered_again(site, client_for):
    people = waiting_measures(site["officer"], 2)
    services.enrol(site["director"], site["sessions"][0], people[:1], tasks="x")
    page = client_for(site["director"]).get(url(site["sessions"][0]))
    assert people[1].person_name in page.text
    assert f'value="{people[0].pk}"' not in page.text


def test_a_lawyer_sees_the_sessions_in_search_but_not_their_page(site, client_for):
    client = client_for(lawyer())
    sheet = client.get(f"/postes/{site['post'].pk}/").text
    assert "sam. 12/12, 8 h 30–14 h 30 : 6 places libres sur 6" in sheet and url(site["sessions"][0]) not in sheet
    assert client.get(url(site["sessions"][0])).status_code == 403
