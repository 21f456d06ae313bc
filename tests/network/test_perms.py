"""Who does what in the network of hosts and tutors (tig/network/perms.py), as tables."""

from datetime import timedelta

from django.utils import timezone

from tests.roles import CAST, HOST, OTHER_HOST, check, person
from tig.accounts.enums import Role
from tig.network import perms
from tig.network.enums import Audience
from tig.network.models import Event

SOON = timezone.now() + timedelta(days=5)


def event(departement: str | None = "21", audience: str = Audience.MEMBERS, **extra) -> Event:
    return Event(
        departement_id=departement, audience=audience, starts_at=SOON, ends_at=SOON + timedelta(hours=2), **extra
    )


# The host staff of the cast: their organisation HOST is in Côte-d'Or, OTHER_HOST in the Nord.
PLACES = {
    "admin structure": [("21", "admin")],
    "tuteur structure": [("21", "tutor")],
    "admin autre structure": [("59", "admin")],
}
TUTOR = person(20, Role.HOST_STAFF, organisations={HOST: "tutor"})
TUTOR_PLACES = {HOST: "21"}


def places(user) -> list[tuple[str, str]]:
    return next((value for name, value in PLACES.items() if CAST[name] is user), [])


ACTIONS = {
    "organiser en Côte-d'Or": lambda user: perms.can_organise(user, "21"),
    "organiser en France": lambda user: perms.can_organise(user, None),
    "voir une rencontre de Côte-d'Or": lambda user: perms.can_see_event(user, event(), places(user)),
    "voir une rencontre nationale": lambda user: perms.can_see_event(user, event(None), places(user)),
    "s'inscrire (membres de Côte-d'Or)": lambda user: perms.can_register(user, event(), places(user)),
    "s'inscrire (tuteurs de Côte-d'Or)": lambda user: perms.can_register(
        user, event(audience=Audience.TUTORS), places(user)
    ),
    "voir l'annuaire des tuteurs": perms.can_see_directory,
    "lire le parcours d'un tuteur de Côte-d'Or": lambda user: perms.can_see_tutor_record(user, TUTOR, TUTOR_PLACES),
    "lui délivrer son attestation": lambda user: perms.can_issue_attestation(user, TUTOR, HOST, TUTOR_PLACES),
}

TABLE = """
ATIGIP                  | X X X X . . X X X
référent 21             | X . X X . . X X X
référent 59             | . . . X . . X . .
DSPIP 21                | . . . . . . . . .
CPIP 21                 | . . . . . . . . .
CPIP 59                 | . . . . . . . . .
DTPJJ 21                | . . . . . . . . .
JAP 21                  | . . . . . . . . .
procureur 21            | . . . . . . . . .
juge du siège           | . . . . . . . . .
avocat                  | . . . . . . . . .
admin structure         | . . X X X . . X X
tuteur structure        | . . X X X X . . .
admin autre structure   | . . . X . . . . .
coordinateur partenaire | . . . . . . . . .
"""


def test_the_table():
    assert check(TABLE, ACTIONS) == []


def test_the_tutor_reads_their_own_record_and_attestation():
    assert perms.can_see_tutor_record(TUTOR, TUTOR, TUTOR_PLACES)
    assert perms.can_issue_attestation(TUTOR, TUTOR, HOST, TUTOR_PLACES)
    assert not perms.can_issue_attestation(TUTOR, TUTOR, OTHER_HOST, TUTOR_PLACES)  # not one of theirs


def test_no_registration_once_begun_or_cancelled():
    member = CAST["admin structure"]
    begun = event()
    begun.starts_at = timezone.now() - timedelta(minutes=1)
    assert not perms.can_register(member, begun, PLACES["admin structure"])
    cancelled = event(cancelled_at=timezone.now())
    assert not perms.can_register(member, cancelled, PLACES["admin structure"])
