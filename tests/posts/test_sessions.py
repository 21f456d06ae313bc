"""The sessions of a collective worksite (docs/regles.md, C1–C2): one or one a week, changed one
at a time or with the rest of their series, cancelled with a reason, never in the past nor with
fewer places than those taken; shown in the search and on the sheet; managed by those who may
change the post, the supervisors chosen among its members and the justice staff of its département."""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.accounts.factories import host_member, lawyer, probation_officer, referent
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.core.exceptions import Refused
from tig.posts import services
from tig.posts.models import Session

pytestmark = pytest.mark.django_db

NOW = "2026-12-07 10:00 +01:00"
SATURDAY = date(2026, 12, 12)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def worksite():
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    return PostFactory(organisation=organisation, title="Rénovation du stade", collective=True, places_offered=6)


@pytest.fixture
def admin(worksite):
    return host_member(worksite.organisation)


def saturdays(admin, worksite, weeks=4, capacity=6):
    return services.add_sessions(admin, worksite, SATURDAY, time(8, 30), time(12), capacity, "Entrée du stade", weeks)


class TestServices:
    def test_four_saturdays_make_a_series(self, admin, worksite):
        sessions = saturdays(admin, worksite)
        days = [timezone.localtime(s.starts_at).date() for s in sessions]
        assert days == [SATURDAY + timedelta(weeks=n) for n in range(4)]
        assert len({s.series for s in sessions}) == 1 and sessions[0].series is not None
        assert timezone.localtime(sessions[0].starts_at).time() == time(8, 30)
        single = services.add_sessions(admin, worksite, SATURDAY, time(14), time(17), 4, "Gymnase")
        assert single[0].series is None

    @pytest.mark.parametrize(
        ("day", "start", "end", "capacity", "weeks", "message"),
        [
            (date(2026, 12, 5), time(8), time(12), 6, 1, "avenir"),
            (SATURDAY, time(12), time(8), 6, 1, "finir après"),
            (SATURDAY, time(6), time(20), 6, 1, "12 heures"),
            (SATURDAY, time(8), time(12), 0, 1, "1 à 100"),
            (SATURDAY, time(8), time(12), 6, 60, "1 à 52"),
        ],
    )
    def test_bad_sessions_are_refused_and_none_is_made(
        self, admin, worksite, day, start, end, capacity, weeks, message
    ):
        with pytest.raises(Refused, match=message):
            services.add_sessions(admin, worksite, day, start, end, capacity, "Entrée", weeks)
        assert not Session.objects.exists()

    def test_only_a_collective_post_and_its_editors(self, worksite):
        with pytest.raises(Refused, match="modifier ce chantier"):
            services.add_sessions(host_member(OrganisationFactory()), worksite, SATURDAY, time(8), time(12), 6, "x")
        plain = PostFactory(organisation=worksite.organisation)
        with pytest.raises(Refused, match="Seul un chantier collectif"):
            services.add_sessions(host_member(worksite.organisation), plain, SATURDAY, time(8), time(12), 6, "x")
        referent_21 = referent("21")
        assert services.add_sessions(referent_21, worksite, SATURDAY, time(8), time(12), 6, "x")

    def test_one_session_changed_leaves_its_series_the_series_changes_from_there_on(self, admin, worksite):
        first, second, third, fourth = saturdays(admin, worksite)
        services.change_session(admin, second, time(9), time(13), 8, "Parking", day=SATURDAY + timedelta(days=8))
        second.refresh_from_db()
        assert second.series is None and timezone.localtime(second.starts_at).date() == date(2026, 12, 20)
        services.change_session(admin, third, time(13), time(17), 5, "Tribune", whole_series=True)
        first.refresh_from_db()
        third.refresh_from_db()
        fourth.refresh_from_db()
        assert timezone.localtime(first.starts_at).time() == time(8, 30) and first.capacity == 6
        for later, day in ((third, SATURDAY + timedelta(weeks=2)), (fourth, SATURDAY + timedelta(weeks=3))):
            assert timezone.localtime(later.starts_at).date() == day  # each keeps its day
            assert (timezone.localtime(later.starts_at).time(), later.capacity, later.meeting_point) == (
                time(13),
                5,
                "Tribune",
            )

    def test_places_are_never_fewer_than_those_taken(self, admin, worksite):
        session = saturdays(admin, worksite, weeks=1)[0]
        Session.objects.filter(pk=session.pk).update(seats_taken=4)
        with pytest.raises(Refused, match="4 personnes inscrites"):
            services.change_session(admin, session, time(8, 30), time(12), 3, "Entrée du stade")
        session.refresh_from_db()
        assert session.capacity == 6

    def test_cancel_one_or_the_rest_of_the_series(self, admin, worksite):
        first, _second, third, fourth = saturdays(admin, worksite)
        with pytest.raises(Refused, match="motif"):
            services.cancel_session(admin, first, " ")
        services.cancel_session(admin, first, "Alerte météo")
        services.cancel_session(admin, third, "Stade fermé", whole_series=True)
        cancelled = set(Session.objects.filter(cancelled_at__isnull=False).values_list("pk", flat=True))
        assert cancelled == {first.pk, third.pk, fourth.pk}
        with pytest.raises(Refused, match="annulée"):
            services.change_session(admin, first, time(8), time(12), 6, "Entrée")

    def test_a_session_begun_is_not_changed(self, admin, worksite):
        session = saturdays(admin, worksite, weeks=1)[0]
        with time_machine.travel("2026-12-12 09:00 +01:00", tick=False), pytest.raises(Refused, match="passée"):
            services.cancel_session(admin, session, "Trop tard")

    def test_supervisors_come_from_the_host_or_the_justice_staff_of_the_departement(self, admin, worksite):
        tutor = host_member(worksite.organisation, role="tutor")
        officer = probation_officer("21")
        services.set_supervisors(admin, worksite, [tutor, officer])
        assert set(worksite.supervisors.all()) == {tutor, officer}
        for outsider in (probation_officer("59"), host_member(OrganisationFactory()), lawyer()):
            with pytest.raises(Refused, match="encadrant"):
                services.set_supervisors(admin, worksite, [outsider])


class TestPages:
    def test_the_host_adds_four_saturdays_and_the_search_shows_them(self, client_for, admin, worksite):
        client = client_for(admin)
        response = client.post(
            f"/postes/{worksite.pk}/seances/",
            {
                "day": "2026-12-12",
                "start": "08:30",
                "end": "12:00",
                "capacity": "6",
                "meeting_point": "Entrée du stade",
                "weeks": "4",
            },
        )
        assert response.status_code == 302 and Session.objects.count() == 4
        Session.objects.filter(starts_at__date=SATURDAY).update(seats_taken=2)
        results = client_for(probation_officer()).get("/postes/", {"lieu": "Dijon", "rayon": "10", "collectif": "on"})
        assert "Prochaines séances" in results.text
        assert "sam. 12/12, 8 h 30–12 h : 4 places libres sur 6" in results.text
        assert "sam. 02/01" not in results.text  # three shown
        sheet = client_for(probation_officer()).get(f"/postes/{worksite.pk}/").text
        assert "sam. 02/01, 8 h 30–12 h : 6 places libres sur 6" in sheet and "Entrée du stade" in sheet

    def test_bad_input_is_answered_in_french(self, client_for, admin, worksite):
        client = client_for(admin)
        response = client.post(
            f"/postes/{worksite.pk}/seances/",
            {
                "day": "2026-12-01",
                "start": "08:30",
                "end": "12:00",
                "capacity": "6",
                "meeting_point": "x",
                "weeks": "1",
            },
        )
        assert response.status_code == 400 and "avenir" in response.text
        response = client.post(
            f"/postes/{worksite.pk}/seances/",
            {"day": "demain", "start": "8h", "end": "12:00", "capacity": "-1", "meeting_point": "", "weeks": "x"},
        )
        assert response.status_code == 400 and not Session.objects.exists()

    def test_a_session_changed_and_cancelled_through_its_page(self, client_for, admin, worksite):
        first, second, _third, _fourth = saturdays(admin, worksite)
        client = client_for(admin)
        url = f"/postes/{worksite.pk}/seances/{second.pk}/"
        assert "toutes les séances suivantes" in client.get(url).text
        response = client.post(
            url,
            {
                "day": "2026-12-19",
                "start": "09:00",
                "end": "12:00",
                "capacity": "6",
                "meeting_point": "Parking",
                "whole_series": "on",
            },
        )
        assert response.status_code == 302
        assert Session.objects.filter(meeting_point="Parking").count() == 3
        refused = client.post(f"/postes/{worksite.pk}/seances/{first.pk}/", {"annuler": "1", "reason": ""})
        assert refused.status_code == 400
        client.post(f"/postes/{worksite.pk}/seances/{first.pk}/", {"annuler": "1", "reason": "Neige"})
        first.refresh_from_db()
        assert first.cancel_reason == "Neige"

    def test_who_may_manage_the_sessions(self, client_for, admin, worksite):
        saturdays(admin, worksite, weeks=1)
        assert client_for(probation_officer()).get(f"/postes/{worksite.pk}/seances/").status_code == 403
        other_referent = client_for(referent("59"))  # sees the listed post, may not change it
        assert other_referent.get(f"/postes/{worksite.pk}/seances/").status_code == 403
        refused = other_referent.post(f"/postes/{worksite.pk}/seances/", {"day": "2026-12-19", "start": "08:00"})
        assert refused.status_code == 403 and Session.objects.count() == 1
        assert client_for(host_member(OrganisationFactory())).get(f"/postes/{worksite.pk}/seances/").status_code == 404
        other = Session.objects.get()
        elsewhere = PostFactory(organisation=worksite.organisation, collective=True)
        assert client_for(admin).get(f"/postes/{elsewhere.pk}/seances/{other.pk}/").status_code == 404
        plain = PostFactory(organisation=worksite.organisation)
        assert client_for(admin).get(f"/postes/{plain.pk}/seances/").status_code == 404
