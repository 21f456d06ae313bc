from tig.organisations.enums import MembershipRole


def can_create_organisation(user) -> bool:
    return user.is_national_admin or user.is_referent


def can_edit_organisation(user, organisation) -> bool:
    """National admins, the referents of the organisation's département, its administrators."""
    if user.is_national_admin:
        return True
    if user.is_referent:
        return organisation.commune.departement_id in user.referent_departement_codes
    if user.is_host_staff:
        return user.organisation_roles.get(organisation.pk) == MembershipRole.ADMIN
    return False


def can_manage_members(user, organisation) -> bool:
    """Who invites, promotes and removes members: those who may edit the organisation.
    A tutor may not."""
    return can_edit_organisation(user, organisation)
