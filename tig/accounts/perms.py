"""Who may invite whom (domain.md §6.2): national admins invite anyone; referents invite,
within their départements, host-organisation staff, SPIP staff and magistrates, and lawyers."""

from tig.accounts.enums import Role
from tig.accounts.models import Service
from tig.organisations.models import Organisation

REFERENT_INVITABLE = (
    Role.HOST_STAFF,
    Role.SPIP_DIRECTOR,
    Role.PJJ_DIRECTOR,
    Role.PROBATION_OFFICER,
    Role.MAGISTRATE,
    Role.LAWYER,
)


def can_manage_invitations(user) -> bool:
    return user.is_national_admin or user.is_referent


def invitable_roles(user) -> list[Role]:
    if user.is_national_admin:
        return list(Role)
    if user.is_referent:
        return list(REFERENT_INVITABLE)
    return []


def invitation_services(user):
    if user.is_national_admin:
        return Service.objects.all()
    if user.is_referent:
        return Service.objects.filter(departement_id__in=user.referent_departement_codes)
    return Service.objects.none()


def invitable_organisations(user):
    if user.is_national_admin:
        return Organisation.objects.all()
    if user.is_referent:
        return Organisation.objects.in_departements(user.referent_departement_codes)
    return Organisation.objects.none()
