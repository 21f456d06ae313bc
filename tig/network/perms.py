"""Who does what in the network of hosts and tutors (docs/regles.md, P15–P17). The agency and the
referents (for their départements) hold the local events and read the tutors' directory; the
members of a host organisation see the events of its département (and the national ones) meant
for them and register; a tutor's record is read by the tutor, the administrators of their
organisations, the referents of those organisations' départements and the agency.

Pure functions: what the database knows of the user's memberships comes as arguments
(`places`: the (département, membership role) pairs of the user's organisations)."""

from collections.abc import Iterable

from tig.accounts.models import User
from tig.network.enums import Audience
from tig.network.models import Event
from tig.organisations.enums import MembershipRole

AUDIENCE_ROLES = {
    Audience.MEMBERS: frozenset({MembershipRole.ADMIN, MembershipRole.TUTOR}),
    Audience.TUTORS: frozenset({MembershipRole.TUTOR}),
    Audience.ADMINS: frozenset({MembershipRole.ADMIN}),
}


def departements_in_view(user: User) -> list[str] | None:
    """The départements whose events and tutors the user holds: None for France (the agency)."""
    if user.is_national_admin:
        return None
    if user.is_referent:
        return sorted(user.referent_departement_codes)
    return []


def can_organise(user: User, departement_code: str | None) -> bool:
    """Hold an event in a département (None: a national one, the agency's)."""
    if not user.is_active:
        return False
    if user.is_national_admin:
        return True
    return user.is_referent and departement_code is not None and departement_code in user.referent_departement_codes


def can_manage_event(user: User, event: Event) -> bool:
    return can_organise(user, event.departement_id)


def is_for(event: Event, places: Iterable[tuple[str, str]]) -> bool:
    """Whether the event is meant for someone with these memberships."""
    roles = AUDIENCE_ROLES[Audience(event.audience)]
    return any(
        role in roles and (event.departement_id is None or code == event.departement_id) for code, role in places
    )


def can_see_event(user: User, event: Event, places: Iterable[tuple[str, str]]) -> bool:
    if not user.is_active:
        return False
    if user.is_national_admin or user.is_referent:
        codes = departements_in_view(user)
        return event.departement_id is None or codes is None or event.departement_id in codes
    return user.is_host_staff and is_for(event, places)


def can_register(user: User, event: Event, places: Iterable[tuple[str, str]]) -> bool:
    return user.is_active and user.is_host_staff and event.is_open and is_for(event, places)


def can_see_directory(user: User) -> bool:
    return user.is_active and (user.is_national_admin or user.is_referent)


def can_see_tutor_record(user: User, tutor: User, tutor_places: dict[int, str]) -> bool:
    """`tutor_places`: {organisation id: département} of the tutor's memberships."""
    if not user.is_active:
        return False
    if user.pk == tutor.pk or user.is_national_admin:
        return True
    if user.is_referent:
        return bool(set(tutor_places.values()) & user.referent_departement_codes)
    return any(user.organisation_roles.get(organisation) == MembershipRole.ADMIN for organisation in tutor_places)


def can_issue_attestation(user: User, tutor: User, organisation_id: int, tutor_places: dict[int, str]) -> bool:
    """The attestation of tutoring in an organisation: for the tutor, its administrators, its
    referents and the agency."""
    if organisation_id not in tutor_places or not user.is_active:
        return False
    if user.pk == tutor.pk or user.is_national_admin:
        return True
    if user.is_referent:
        return tutor_places[organisation_id] in user.referent_departement_codes
    return user.organisation_roles.get(organisation_id) == MembershipRole.ADMIN
