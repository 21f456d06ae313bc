"""Who may do what with a measure. Reading is `Measure.objects.visible_to`; these say who
may change what they can read."""

from tig.accounts.enums import Role
from tig.measures.enums import AUTOMATIC_REASONS
from tig.organisations.enums import MembershipRole


def can_create_measure(user) -> bool:
    """SPIP staff, and the PJJ for minors."""
    return (user.is_spip_staff or user.is_pjj_director) and user.service_id is not None


def can_edit(user, measure) -> bool:
    """The staff of the measure's service; the JAP reads and decides suspensions only."""
    return (user.is_spip_staff or user.is_pjj_director) and user.service_id == measure.service_id


def can_record_suspension(user, measure, reason: str) -> bool:
    """A suspension by law (detention, ARSE…) is recorded by the service; one for a serious
    reason is the JAP's decision, so only the JAP of the case records it."""
    if reason in AUTOMATIC_REASONS:
        return can_edit(user, measure)
    return user.is_jap and measure.jap_id == user.pk


def can_assign(user, measure) -> bool:
    """The director of the measure's service (SPIP, or PJJ for a minor), unless the judge
    reserved the assignment: then the JAP of the case."""
    if measure.assignment_reserved:
        return user.is_jap and measure.jap_id == user.pk
    return user.role in (Role.SPIP_DIRECTOR, Role.PJJ_DIRECTOR) and user.service_id == measure.service_id


def can_match(user, measure) -> bool:
    """Who looks for a post: the service's staff, and whoever decides the assignment."""
    return can_edit(user, measure) or can_assign(user, measure)


def may_end_hosting(user, placement) -> bool:
    """The host may end a placement: its administrators decide it; a tutor may suspend the
    work (danger, serious misconduct) but not end the placement."""
    return user.organisation_roles.get(placement.post.organisation_id) == MembershipRole.ADMIN
