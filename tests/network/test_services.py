"""The network's events (tig/network/services.py): who is invited, registration within the seats,
attendance, cancellation, the reminder the day before."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.accounts.factories import host_member, national_admin, referent
from tests.network.factories import EventFactory
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune
from tig.core.exceptions import Refused
from tig.network import services
from tig.network.enums import Audience
from tig.network.models import Event, Participation
from tig.network.reminders import EventReminder
from tig.notifications.models import Notification
from tig.notifications.reminders import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    dijon = OrganisationFactory(commune=commune("dijon"))
    lille = OrganisationFactory(commune=commune("lille"))
    return {
        "admin 21": host_member(dijon),
        "tuteur 21": host_member(dijon, role="tutor"),
        "admin 59": host_member(lille),
    }


def test_an_event_is_held_in_the_organiser_s_departements_and_in_the_future():
    organiser = referent("21")
    start = timezone.now() + timedelta(days=3)
    elsewhere = Event(
        title="R",
        kind="information",
        departement_id="59",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Lille",
    )
    with pytest.raises(Refused, match="vos départements"):
        services.create_event(organiser, elsewhere)
    past = Event(
        title="R",
        kind="information",
        departement_id="21",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now(),
        place="Dijon",
    )
    with pytest.raises(Refused, match="passé"):
        services.create_event(organiser, past)
    nowhere = Event(
        title="R", kind="information", departement_id="21", starts_at=start, ends_at=start + timedelta(hours=1)
    )
    with pytest.raises(Refused, match="lieu"):
        services.create_event(organiser, nowhere)
    national = Event(
        title="R",
        kind="webinar",
        departement_id=None,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        online_url="https://exemple.test/w",
    )
    with pytest.raises(Refused):
        services.create_event(organiser, national)  # the agency's
    services.create_event(national_admin(), national)
    assert list(Event.objects.values_list("departement_id", flat=True)) == [None]


def test_the_invitation_goes_to_the_audience_of_the_departement(members):
    event = EventFactory(audience=Audience.TUTORS)
    assert services.invite(event.organiser, event) == 1
    assert list(Notification.objects.values_list("user_id", flat=True)) == [members["tuteur 21"].pk]
    assert services.invite(event.organiser, event) == 0  # nobody new
    members_event = EventFactory()
    services.invite(members_event.organiser, members_event)
    invited = set(members_event.participations.values_list("user_id", flat=True))
    assert invited == {members["admin 21"].pk, members["tuteur 21"].pk}  # not Lille's
    with pytest.raises(Refused):
        services.invite(referent("59"), members_event)
    for outsider in (referent("59"), members["admin 21"]):  # said plainly to a host member too
        with pytest.raises(Refused, match="Seuls le référent du département de cette rencontre et l'ATIGIP"):
            services.cancel(outsider, members_event, "Météo")


def test_registration_within_the_seats(members):
    event = EventFactory(capacity=1)
    services.register(members["admin 21"], event)
    with pytest.raises(Refused, match="déjà inscrit"):
        services.register(members["admin 21"], event)
    with pytest.raises(Refused, match="complète"):
        services.register(members["tuteur 21"], event)
    with pytest.raises(Refused, match="pas ouverte"):
        services.register(members["admin 59"], event)  # another département
    services.unregister(members["admin 21"], event)
    services.register(members["tuteur 21"], event)  # the seat freed
    assert list(event.participations.filter(registered_at__isnull=False).values_list("user_id", flat=True)) == [
        members["tuteur 21"].pk
    ]


def test_attendance_once_begun_for_the_registered_only(members):
    event = EventFactory()
    services.register(members["admin 21"], event)
    with pytest.raises(Refused, match="commencée"):
        services.record_attendance(event.organiser, event, {members["admin 21"].pk: True})
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    event.refresh_from_db()
    with pytest.raises(Refused, match="inscrites"):
        services.record_attendance(event.organiser, event, {members["tuteur 21"].pk: True})
    assert not Participation.objects.filter(attended__isnull=False).exists()  # nothing half-saved
    services.record_attendance(event.organiser, event, {members["admin 21"].pk: True})
    assert Participation.objects.get(user=members["admin 21"]).attended is True


def test_cancelling_tells_the_registered(members):
    event = EventFactory()
    services.register(members["tuteur 21"], event)
    services.cancel(event.organiser, event, "Salle indisponible.")
    notification = Notification.objects.get(user=members["tuteur 21"])
    assert notification.title.startswith("Annulée") and notification.body == "Salle indisponible."
    with pytest.raises(Refused):
        services.register(members["admin 21"], event)


def test_the_reminder_the_day_before(members):
    event = EventFactory(starts_at=timezone.now() + timedelta(days=1))
    later = EventFactory(starts_at=timezone.now() + timedelta(days=9))
    services.register(members["tuteur 21"], event)
    services.register(members["tuteur 21"], later)
    assert run(EventReminder()) == 1
    assert run(EventReminder()) == 0  # once
    assert Notification.objects.get(user=members["tuteur 21"]).title.startswith(f"Rappel : {event.title}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Des connexions simultanées : sur PostgreSQL")
def test_ten_members_on_the_last_seat_at_the_same_moment():
    organisation = OrganisationFactory(commune=commune("dijon"))
    people = [host_member(organisation, role="tutor") for _ in range(10)]
    event = EventFactory(capacity=1)
    barrier = threading.Barrier(len(people))
    outcomes = []

    def register(user):
        from django.db import connections

        try:
            barrier.wait()
            services.register(user, event)
            outcomes.append("ok")
        except Refused as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and outcomes.count("Cette rencontre est complète.") == 9
    assert Participation.objects.filter(event=event, registered_at__isnull=False).count() == 1
