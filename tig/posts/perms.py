"""Who may do what with a post (domain.md §6.2). Small pure functions, checked by views
through the fetch helpers of views.py."""

from tig.organisations.enums import MembershipRole


def can_edit_post(user, post) -> bool:
    """National admins; referents of the département where the work happens; the
    administrators of the post's organisation."""
    if user.is_national_admin:
        return True
    if user.is_referent:
        return post.commune.departement_id in user.referent_departement_codes
    if user.is_host_staff:
        return user.organisation_roles.get(post.organisation_id) == MembershipRole.ADMIN
    return False


def can_create_post_for(user, organisation) -> bool:
    """Referents may register posts for any organisation (the site chosen must then lie in
    one of their départements); host admins for their own organisation."""
    if user.is_national_admin or user.is_referent:
        return True
    if user.is_host_staff:
        return user.organisation_roles.get(organisation.pk) == MembershipRole.ADMIN
    return False


def can_see_tutor_contacts(user, post) -> bool:
    """The tutor's name and contact: SPIP staff and referents, who arrange placements, and
    the post's own organisation. Magistrates and lawyers get the practical information only."""
    if user.is_national_admin or user.is_referent or user.is_spip_staff:
        return True
    return user.is_host_staff and post.organisation_id in user.organisation_roles
