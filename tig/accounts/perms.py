"""Who may invite whom. National admins invite every role; referents, within their
départements, SPIP and PJJ staff, magistrates and lawyers. Host-organisation staff are
invited from their organisation's page, by its administrators, its referents or the agency
(tig.organisations.perms.can_manage_members); a partner's coordinators from the partner's page,
by the agency (tig.partnerships)."""

from tig.accounts.enums import Role
from tig.accounts.models import Service, User

REFERENT_INVITABLE = (
    Role.SPIP_DIRECTOR,
    Role.PJJ_DIRECTOR,
    Role.PROBATION_OFFICER,
    Role.MAGISTRATE,
    Role.LAWYER,
)


def can_manage_invitations(user: User) -> bool:
    return user.is_national_admin or user.is_referent


def invitable_roles(user: User) -> list[Role]:
    """The roles offered on the invitation page (host staff: from their organisation's page)."""
    if user.is_national_admin:
        # Host staff from their organisation's page, a partner's coordinator from the partner's.
        return [role for role in Role if role not in (Role.HOST_STAFF, Role.PARTNER_COORDINATOR)]
    if user.is_referent:
        return list(REFERENT_INVITABLE)
    return []


def can_invite(user: User, role: str) -> bool:
    """Whether the user may send an invitation for this role, from either page."""
    if role == Role.HOST_STAFF:
        return user.is_national_admin or user.is_referent or user.is_host_staff
    if role == Role.PARTNER_COORDINATOR:
        return user.is_national_admin
    return role in invitable_roles(user)


def invitation_services(user: User):
    if user.is_national_admin:
        return Service.objects.all()
    if user.is_referent:
        return Service.objects.filter(departement_id__in=user.referent_departement_codes)
    return Service.objects.none()
