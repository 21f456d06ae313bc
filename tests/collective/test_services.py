"""Enrolment on a collective worksite's sessions, the attendance sheet, the sessions changed
(docs/regles.md, C3–C6)."""

import io
import threading
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from tests.accounts.factories import host_member, probation_officer, spip_director
from tests.collective.factories import AFTER_FIRST, SATURDAY, saturdays, service_team, waiting_measures, worksite
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.posts.factories import PostFactory
from tig.collective import services
from tig.collective.models import Enrolment
from tig.collective.services import Line
from tig.core.exceptions import Refused
from tig.measures import pdf
from tig.measures import services as measures
from tig.measures.enums import IncidentKind, MeasureStatus, MedicalTrigger
from tig.measures.models import Attendance, Incident, Placement
from tig.notifications.enums import NotificationKind
from tig.notifications.models import Notification
from tig.posts import services as posts
from tig.posts.models import Session


def enrol(site, measures_, session=None, whole_series=True, **kwargs):
    return services.enrol(
        site["director"],
        session or site["sessions"][0],
        measures_,
        whole_series=whole_series,
        tasks="Peinture des tribunes.",
        **kwargs,
    )


def seats(site) -> list[int]:
    return list(Session.objects.filter(post=site["post"]).order_by("starts_at").values_list("seats_taken", flat=True))


@pytest.mark.django_db
class TestEnrolment:
    def test_three_measures_on_the_series_are_three_assignment_decisions(self, site):
        people = waiting_measures(site["officer"], 3)
        made = enrol(site, people)
        assert len(made) == 12 and seats(site) == [3, 3, 3, 3]
        placements = Placement.objects.filter(post=site["post"])
        assert placements.count() == 3
        for placement in placements:
            assert placement.holds_place is False and placement.decided_by == site["director"]
            assert placement.first_appointment_at == site["sessions"][0].starts_at
            assert placement.schedule.startswith("4 séances du chantier collectif, du sam. 12/12/2026")
            assert placement.weekly_hours == 6
            assert placement.measure.status == MeasureStatus.ASSIGNED
        site["post"].refresh_from_db()
        assert site["post"].places_taken == 0  # the seats are the sessions', not the post's places
        # The officer of each measure (the letter), the supervisor, the host hear of it.
        officer_notes = Notification.objects.filter(user=site["officer"], kind=NotificationKind.WORKSITE)
        assert officer_notes.count() == 3
        assert Notification.objects.filter(user=site["supervisor"], kind=NotificationKind.WORKSITE).count() == 1
        assert Notification.objects.filter(kind=NotificationKind.PLACEMENT).exists()

    def test_one_session_only_and_more_sessions_later(self, site):
        person = waiting_measures(site["officer"], 1)
        enrol(site, person, whole_series=False)
        assert seats(site) == [1, 0, 0, 0]
        enrol(site, person, session=site["sessions"][2], whole_series=True)
        assert seats(site) == [1, 0, 1, 1]
        assert Placement.objects.filter(measure=person[0]).count() == 1

    def test_the_decision_and_the_letter_list_the_sessions(self, site):
        (person,) = waiting_measures(site["officer"], 1)
        enrol(site, [person])
        placement = Placement.objects.get(measure=person)
        for document in (pdf.assignment_decision(placement), pdf.letter_to_person(placement)):
            content = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)
            assert "Séances du chantier collectif" in content
            assert "sam. 02/01/2027" in content and "Entrée du stade" in content

    def test_a_minor_always_needs_the_medical_examination(self, site):
        type(site["post"]).objects.filter(pk=site["post"].pk).update(minors_allowed=True)
        (minor,) = waiting_measures(site["officer"], 1, is_minor=True)
        enrol(site, [minor])
        assert Placement.objects.get(measure=minor).medical_triggers == [MedicalTrigger.MINOR]

    def test_the_last_seat_goes_to_the_first_and_nothing_is_half_saved(self, site):
        enrol(site, waiting_measures(site["officer"], 5))
        assert seats(site) == [5, 5, 5, 5]
        two = waiting_measures(site["officer"], 2)
        with pytest.raises(Refused, match=r"Il ne reste plus de place à la séance du sam\. 12/12/2026"):
            enrol(site, two)
        assert seats(site) == [5, 5, 5, 5]
        assert not Placement.objects.filter(measure__in=two).exists()
        enrol(site, two[:1])
        assert seats(site) == [6, 6, 6, 6]

    def test_a_person_is_never_enrolled_twice_at_the_same_time(self, site):
        (person,) = waiting_measures(site["officer"], 1)
        enrol(site, [person], whole_series=False)
        with pytest.raises(Refused, match="a déjà une séance à ce moment-là"):
            enrol(site, [person], whole_series=False)
        # Another worksite's session overlapping the first one is refused too, and the placement
        # elsewhere is refused before that.
        other = worksite(title="Débroussaillage")
        overlapping = posts.add_sessions(
            host_member(other.organisation), other, SATURDAY, time(10), time(12), 4, "Forêt", 1
        )
        with pytest.raises(Refused, match="affectée sur un autre poste"):
            enrol(site, [person], session=overlapping[0])
        assert seats(site) == [1, 0, 0, 0] and overlapping[0].seats_taken == 0

    @pytest.mark.parametrize(
        ("who", "message"), [("officer", "Vous ne décidez pas"), ("other_director", "Vous ne décidez pas")]
    )
    def test_only_the_director_of_the_measure_enrols(self, site, who, message):
        (person,) = waiting_measures(site["officer"], 1)
        user = site["officer"] if who == "officer" else spip_director("75")
        with pytest.raises(Refused, match=message):
            services.enrol(user, site["sessions"][0], [person], tasks="Peinture.")
        assert not Enrolment.objects.exists()

    def test_no_enrolment_on_a_past_cancelled_or_unlisted_session(self, site, frozen):
        (person,) = waiting_measures(site["officer"], 1)
        posts.cancel_session(host_member(site["post"].organisation), site["sessions"][1], "Pluie")
        with pytest.raises(Refused, match="passée ou annulée"):
            enrol(site, [person], session=site["sessions"][1], whole_series=False)
        closed = worksite(title="Chantier retiré", status="closed")
        with pytest.raises(Refused, match="pas ouvert aux inscriptions"):
            enrol(site, [person], session=Session(post=closed, starts_at=timezone.now()))
        frozen.move_to(AFTER_FIRST)
        with pytest.raises(Refused, match="passée ou annulée"):
            enrol(site, [person], whole_series=False)

    def test_the_classic_assignment_refuses_a_collective_worksite(self, site):
        (person,) = waiting_measures(site["officer"], 1)
        with pytest.raises(Refused, match="inscrivant la personne à ses séances"):
            measures.assign(
                person, site["post"], site["director"], tasks="x", schedule="x", weekly_hours=3, medical_triggers=[]
            )

    def test_a_measure_placed_elsewhere_is_refused(self, site):
        (person,) = waiting_measures(site["officer"], 1)
        PlacementFactory(measure=person, post=PostFactory())
        with pytest.raises(Refused, match="affectée sur un autre poste"):
            enrol(site, [person])


@pytest.mark.django_db
class TestWithdrawalAndEnd:
    def test_withdrawing_gives_the_seat_back(self, site):
        (person,) = waiting_measures(site["officer"], 1)
        made = enrol(site, [person])
        services.withdraw(site["director"], made[1])
        assert seats(site) == [1, 0, 1, 1]
        with pytest.raises(Refused, match="déjà retirée"):
            services.withdraw(site["director"], made[1])
        with pytest.raises(Refused, match="retirée par qui décide"):
            services.withdraw(site["officer"], made[2])

    def test_ending_the_placement_releases_the_sessions_to_come(self, site, frozen):
        (person,) = waiting_measures(site["officer"], 1)
        enrol(site, [person])
        frozen.move_to(AFTER_FIRST)
        measures.end_placement(person, "Déménagement.", site["officer"])
        assert seats(site) == [1, 0, 0, 0]  # the session that took place keeps its line
        assert Enrolment.objects.active().count() == 1


@pytest.mark.django_db
class TestSheet:
    @pytest.fixture
    def enrolled(self, site, frozen):
        people = waiting_measures(site["officer"], 3, hours_ordered=20)
        enrol(site, people)
        frozen.move_to(AFTER_FIRST)
        lines = list(services.sheet(site["sessions"][0]))
        return people, lines

    def test_the_sheet_feeds_each_measures_hours_and_reports_the_absence(self, site, enrolled):
        _people, lines = enrolled
        sheet = {
            lines[0].pk: Line(present=True, hours=Decimal("6")),
            lines[1].pk: Line(present=True, hours=Decimal("4.5")),
            lines[2].pk: Line(present=False, incident=True, note="Pas venu, pas prévenu."),
        }
        Notification.objects.all().delete()
        assert services.record_sheet(site["supervisor"], site["sessions"][0], sheet) == 3
        # The officer hears once for the sheet, of the two people present.
        (told,) = Notification.objects.filter(user=site["officer"], kind=NotificationKind.HOURS_RECORDED)
        assert (
            lines[0].placement.measure.person_name in told.body and lines[1].placement.measure.person_name in told.body
        )
        assert lines[2].placement.measure.person_name not in told.body
        attendances = Attendance.objects.order_by("hours")
        assert [a.hours for a in attendances] == [Decimal("4.5"), Decimal("6.0")]
        assert all(a.worked_on == SATURDAY and a.validated_at is None for a in attendances)
        incident = Incident.objects.get()
        assert incident.kind == IncidentKind.ABSENCE and incident.description == "Pas venu, pas prévenu."
        assert incident.placement.measure == lines[2].placement.measure
        # The officer validates as today; the hours then count.
        first = lines[0].placement.measure
        measures.validate_attendances(first, site["officer"])
        assert first.placements.get().attendances.get().validated_at is not None
        with pytest.raises(Refused, match="déjà remplie"):
            services.record_sheet(site["supervisor"], site["sessions"][0], sheet)

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            (None, "Indiquez la présence ou l'absence de"),
            (Line(present=True, hours=None), "par demi-heure, de 0,5 à 6"),
            (Line(present=True, hours=Decimal("6.5")), "de 0,5 à 6 pour cette séance"),
            (Line(present=True, hours=Decimal("1.2")), "par demi-heure"),
        ],
    )
    def test_a_wrong_line_saves_nothing(self, site, enrolled, line, message):
        _people, lines = enrolled
        sheet = {lines[0].pk: Line(present=True, hours=Decimal("6")), lines[1].pk: Line(present=False)}
        if line is not None:
            sheet[lines[2].pk] = line
        with pytest.raises(Refused, match=message):
            services.record_sheet(site["supervisor"], site["sessions"][0], sheet)
        assert not Attendance.objects.exists() and not Enrolment.objects.filter(marked_at__isnull=False).exists()

    def test_hours_beyond_the_measure_are_refused_with_the_name(self, site, frozen):
        (person,) = waiting_measures(site["officer"], 1, hours_ordered=4)
        enrol(site, [person])
        frozen.move_to(AFTER_FIRST)
        (line,) = services.sheet(site["sessions"][0])
        with pytest.raises(Refused, match=f"{person.person_name} : Heures restant à effectuer : 4"):
            services.record_sheet(site["supervisor"], site["sessions"][0], {line.pk: Line(True, Decimal("6"))})

    def test_a_minor_works_8_hours_a_day_at_most(self, site, frozen):
        type(site["post"]).objects.filter(pk=site["post"].pk).update(minors_allowed=True)
        long_day = posts.add_sessions(
            host_member(site["post"].organisation),
            site["post"],
            SATURDAY + timedelta(days=1),
            time(8),
            time(18),
            6,
            "Stade",
        )
        (minor,) = waiting_measures(site["officer"], 1, is_minor=True)
        enrol(site, [minor], session=long_day[0], whole_series=False)
        frozen.move_to("2026-12-13 19:00 +01:00")
        (line,) = services.sheet(long_day[0])
        with pytest.raises(Refused, match="de 0,5 à 8 pour cette séance"):
            services.record_sheet(site["supervisor"], long_day[0], {line.pk: Line(True, Decimal("8.5"))})
        assert services.record_sheet(site["supervisor"], long_day[0], {line.pk: Line(True, Decimal("8"))}) == 1

    def test_only_the_supervisors_and_the_hosts_administrators_fill_it(self, site, enrolled):
        _people, lines = enrolled
        sheet = {line.pk: Line(present=False) for line in lines}
        for outsider in (site["officer"], host_member(site["post"].organisation, role="tutor"), probation_officer()):
            with pytest.raises(Refused, match="remplie par les encadrants"):
                services.record_sheet(outsider, site["sessions"][0], sheet)
        admin = host_member(site["post"].organisation)
        assert services.record_sheet(admin, site["sessions"][0], sheet) == 3

    def test_a_spip_supervisor_fills_it_too(self, site, enrolled):
        _people, lines = enrolled
        staff = probation_officer("21")
        site["post"].supervisors.add(staff)
        sheet = {line.pk: Line(present=True, hours=Decimal("3")) for line in lines}
        assert services.record_sheet(staff, site["sessions"][0], sheet) == 3

    def test_not_before_the_session_nor_on_a_cancelled_one(self, site, frozen):
        enrol(site, waiting_measures(site["officer"], 1))
        with pytest.raises(Refused, match="une fois la séance commencée"):
            services.record_sheet(site["supervisor"], site["sessions"][0], {})
        posts.cancel_session(host_member(site["post"].organisation), site["sessions"][1], "Pluie")
        frozen.move_to(site["sessions"][1].ends_at + timedelta(hours=1))
        with pytest.raises(Refused, match="annulée"):
            services.record_sheet(site["supervisor"], site["sessions"][1], {})


@pytest.mark.django_db
class TestChangedSessions:
    def test_cancelling_tells_every_officer_and_the_host(self, site):
        other_officer = probation_officer("21")
        enrol(site, waiting_measures(site["officer"], 2) + waiting_measures(other_officer, 1))
        admin = host_member(site["post"].organisation)
        Notification.objects.all().delete()
        posts.cancel_session(admin, site["sessions"][1], "Terrain inondé")
        notes = Notification.objects.filter(kind=NotificationKind.WORKSITE)
        assert notes.filter(user=site["officer"]).count() == 2 and notes.filter(user=other_officer).count() == 1
        assert "annulée : Terrain inondé" in notes.filter(user=other_officer).get().body
        assert notes.filter(user=site["supervisor"]).count() == 1
        assert not notes.filter(user=admin).exists()  # who cancelled knows

    def test_changing_the_series_tells_the_officers_once_per_session(self, site):
        enrol(site, waiting_measures(site["officer"], 1))
        Notification.objects.all().delete()
        admin = host_member(site["post"].organisation)
        posts.change_session(admin, site["sessions"][2], time(9), time(15), 6, "Gymnase", whole_series=True)
        notes = Notification.objects.filter(user=site["officer"], kind=NotificationKind.WORKSITE)
        bodies = sorted(note.body for note in notes)
        assert len(bodies) == 2 and "désormais le sam. 26/12/2026, 9 h–15 h, Gymnase" in bodies[1]
        assert "désormais le sam. 02/01/2027, 9 h–15 h, Gymnase" in bodies[0]

    def test_capacity_below_enrolled_is_refused(self, site):
        enrol(site, waiting_measures(site["officer"], 3))
        admin = host_member(site["post"].organisation)
        with pytest.raises(Refused, match="déjà 3 personnes inscrites"):
            posts.change_session(admin, site["sessions"][0], time(8, 30), time(14, 30), 2, "Stade")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Des connexions simultanées : sur PostgreSQL")
def test_twenty_directors_on_the_last_seat_at_the_same_moment():
    post = worksite()
    (session,) = saturdays(post, weeks=1, capacity=21)
    team = service_team()
    service = team["officer"].service
    services.enrol(team["director"], session, [MeasureFactory(service=service) for _ in range(20)], tasks="x")
    assert Session.objects.get(pk=session.pk).seats_taken == 20
    contenders = [MeasureFactory(service=service) for _ in range(20)]
    directors = [team["director"]] + [spip_director("21") for _ in range(19)]
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def decide(director, measure):
        from django.db import connections

        try:
            barrier.wait()
            services.enrol(director, session, [measure], tasks="Peinture.")
            outcomes.append("ok")
        except Refused as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=pair) for pair in zip(directors, contenders, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert all(outcome.startswith("Il ne reste plus de place") for outcome in outcomes if outcome != "ok")
    assert Session.objects.get(pk=session.pk).seats_taken == 21
    assert Enrolment.objects.filter(session=session).count() == 21
    assert Placement.objects.filter(measure__in=contenders).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("measure", "post", "message"),
    [
        ({"kind": "tnr"}, {}, "n'accueille pas de travail non rémunéré"),
        ({}, {"accepts_tig": False, "accepts_tnr": True}, "n'accueille pas de travail d'intérêt général"),
        ({"is_minor": True}, {}, "pas ouvert aux mineurs"),
    ],
)
def test_the_worksites_conditions_apply_as_a_posts(measure, post, message):
    site_post = worksite(**post)
    sessions = saturdays(site_post, weeks=1)
    team = service_team()
    (person,) = waiting_measures(team["officer"], 1, **measure)
    with pytest.raises(Refused, match=message):
        services.enrol(team["director"], sessions[0], [person], tasks="x")
    assert not Enrolment.objects.exists()
