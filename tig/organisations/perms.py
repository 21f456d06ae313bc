"""Who may do what with a host organisation. Small pure functions of the user and the
organisation; the views and services call them, the templates receive their answers."""

from tig.accounts.models import User
from tig.organisations.enums import MembershipRole
from tig.organisations.models import Organisation


def administers(user: User, organisation_id: int) -> bool:
    """The user is an administrator of this organisation (not only a tutor). The one test of
    it: posts, files and measures ask it here."""
    return user.is_host_staff and user.organisation_roles.get(organisation_id) == MembershipRole.ADMIN


def administered_organisations(user: User) -> list[int]:
    """The ids of the organisations the user administers."""
    if not user.is_host_staff:
        return []
    return [pk for pk, role in user.organisation_roles.items() if role == MembershipRole.ADMIN]


def is_member_of(user: User, organisation_id: int) -> bool:
    """An administrator or a tutor of this organisation."""
    return user.is_host_staff and organisation_id in user.organisation_roles


def follows_departement(user: User, departement_code: str) -> bool:
    """A referent of this département."""
    return user.is_referent and departement_code in user.referent_departement_codes


def can_list_organisations(user: User) -> bool:
    """The list of organisations: the agency, the referents, and host staff (their own)."""
    return user.is_national_admin or user.is_referent or user.is_host_staff


def can_create_organisation(user: User) -> bool:
    return user.is_national_admin or user.is_referent


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    """National admins, the referents of the organisation's département, its administrators."""
    if user.is_national_admin:
        return True
    if user.is_referent:
        return follows_departement(user, organisation.commune.departement_id)
    return administers(user, organisation.pk)


def can_manage_members(user: User, organisation: Organisation) -> bool:
    """Who invites, promotes and removes members: those who may edit the organisation.
    A tutor may not."""
    return can_edit_organisation(user, organisation)
