"""Who may do what with a post. Small pure functions, checked by the views through the
fetch helpers of views.py and by the templates through the answers the views give them."""

from tig.accounts.models import User
from tig.organisations.models import Organisation
from tig.organisations.perms import administers, follows_departement, is_member_of


def can_edit_post(user: User, post) -> bool:
    """National admins; referents of the département where the work happens; the
    administrators of the post's organisation."""
    if user.is_national_admin:
        return True
    if user.is_referent:
        return follows_departement(user, post.commune.departement_id)
    return administers(user, post.organisation_id)


def can_create_post_for(user: User, organisation: Organisation) -> bool:
    """National admins; the referents of the organisation's département (the site chosen must
    lie in one of their départements); the organisation's administrators. A referent of
    another département is not offered « Ajouter un poste »."""
    if user.is_national_admin:
        return True
    if user.is_referent:
        return follows_departement(user, organisation.commune.departement_id)
    return administers(user, organisation.pk)


def can_see_tutor_contacts(user: User, post) -> bool:
    """The tutor's name and contact: SPIP staff and referents, who arrange placements, and
    the post's own organisation. Magistrates and lawyers get the practical information only."""
    if user.is_national_admin or user.is_referent or user.is_spip_staff:
        return True
    return is_member_of(user, post.organisation_id)


def can_request_registration(user: User, post) -> bool:
    """Ask for the post's registration on the departmental list, or its radiation: the
    organisation's administrators, and the referents of the post's or the organisation's
    département, who help hosts with their files. Not the agency: it files for no one."""
    return (
        administers(user, post.organisation_id)
        or follows_departement(user, post.commune.departement_id)
        or follows_departement(user, post.organisation.commune.departement_id)
    )
