"""Who may do what with a measure. Reading is `Measure.objects.visible_to` (the service's
side) and `Placement.objects.hosted_by` (the host's side); these say who may act on what they
can read. Pure functions of the user and the objects; the views, the templates (through the
views' answers) and the services all ask them here."""

from tig.accounts.enums import Role
from tig.accounts.models import User
from tig.measures.enums import AUTOMATIC_REASONS
from tig.organisations.perms import administers

DIRECTOR_ROLES = (Role.SPIP_DIRECTOR, Role.PJJ_DIRECTOR)


def follows_measures(user: User) -> bool:
    """Who opens the caseload: SPIP staff and PJJ directors of a service, JAPs."""
    return user.follows_measures


def is_service_director(user: User) -> bool:
    """The director of a SPIP or a PJJ service: the service view, the assignments."""
    return user.role in DIRECTOR_ROLES and user.service_id is not None


def can_create_measure(user: User) -> bool:
    """SPIP staff, and the PJJ for minors."""
    return (user.is_spip_staff or user.is_pjj_director) and user.service_id is not None


def can_edit(user: User, measure) -> bool:
    """The staff of the measure's service; the JAP reads and decides suspensions only."""
    return (user.is_spip_staff or user.is_pjj_director) and user.service_id == measure.service_id


def can_record_suspension(user: User, measure, reason: str) -> bool:
    """A suspension by law (detention, ARSE…) is recorded by the service; one for a serious
    reason is the JAP's decision, so only the JAP of the case records it (R20)."""
    if measure.is_closed:
        return False
    if reason in AUTOMATIC_REASONS:
        return can_edit(user, measure)
    return user.is_jap and measure.jap_id == user.pk


def can_assign(user: User, measure) -> bool:
    """The director of the measure's service (SPIP, or PJJ for a minor), unless the judge
    reserved the assignment: then the JAP of the case (R23)."""
    if measure.assignment_reserved:
        return user.is_jap and measure.jap_id == user.pk
    return user.role in DIRECTOR_ROLES and user.service_id == measure.service_id


def can_match(user: User, measure) -> bool:
    """Who looks for a post: the service's staff, and whoever decides the assignment."""
    return can_edit(user, measure) or can_assign(user, measure)


def can_propose(user: User, measure) -> bool:
    """The service's staff propose a post to whoever decides the assignment, while the measure
    waits for one; who decides assigns directly."""
    return can_edit(user, measure) and not measure.is_closed and not can_assign(user, measure)


def can_validate_hours(user: User, measure) -> bool:
    """The service validates the hours the host recorded, while the measure is open."""
    return can_edit(user, measure) and not measure.is_closed


def can_close(user: User, measure) -> bool:
    """The service closes an executed measure: every hour ordered validated and the host's
    attestation delivered. `measure` carries its progress (Measure.objects.with_progress)."""
    return (
        can_edit(user, measure)
        and not measure.is_closed
        and bool(measure.attested)
        and measure.hours_validated >= measure.hours_ordered
    )


def hosts(user: User, placement) -> bool:
    """The host's side of a placement: the organisation's administrators and the post's own
    tutors, while it lasts (the list form is Placement.objects.hosted_by)."""
    if placement.ended_at is not None or not user.is_host_staff:
        return False
    if administers(user, placement.post.organisation_id):
        return True
    return placement.post.tutors.filter(pk=user.pk).exists()


def supervises(user: User, placement) -> bool:
    """A supervisor (« encadrant ») of the collective worksite the placement is on, while it lasts:
    like a tutor, it records the hours and reports the absences of the worksite's sheet (C5)."""
    if placement.ended_at is not None or not placement.post.collective:
        return False
    return placement.post.supervisors.filter(pk=user.pk).exists()


def can_record_hours(user: User, placement) -> bool:
    """The host records the attendance sheet (on a collective worksite, its supervisors too);
    the service may copy a paper one."""
    return (
        hosts(user, placement)
        or supervises(user, placement)
        or (placement.ended_at is None and can_edit(user, placement.measure))
    )


def can_attest(user: User, placement, hours_validated) -> bool:
    """The host delivers the attestation once every hour ordered is validated (R28)."""
    return (
        hosts(user, placement)
        and placement.attestation_issued_at is None
        and hours_validated >= placement.measure.hours_ordered
    )


def may_end_hosting(user: User, placement) -> bool:
    """The host may end a placement: its administrators decide it; a tutor may suspend the
    work (danger, serious misconduct) but not end the placement (R27)."""
    return placement.ended_at is None and administers(user, placement.post.organisation_id)


def can_end_placement(user: User, placement) -> bool:
    """The service, or the host's administrators."""
    return can_edit(user, placement.measure) or may_end_hosting(user, placement)


def can_resume(user: User, placement) -> bool:
    """Lift the host's suspension of the work: the service or the host."""
    return can_edit(user, placement.measure) or hosts(user, placement)
