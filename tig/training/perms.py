"""Who follows, writes and follows up the training (docs/regles.md, F3, F5, F8). Pure functions of
the user and of what the caller read; tests/training/test_perms.py holds them as a table."""

from collections.abc import Collection

from tig.accounts.models import User
from tig.organisations.perms import administered_organisations


def can_learn(user: User) -> bool:
    """Every member of a host organisation, and the referents and the agency who accompany them.
    Nobody else sees the training area."""
    return user.is_active and (user.is_host_staff or user.is_referent or user.is_national_admin)


def sees_course(user: User, departement: str | None, own_departements: Collection[str] | None) -> bool:
    """A national course is for every learner; a département's course for the learners of that
    département (`own_departements`: the learner's; None for the agency, who sees them all)."""
    if not can_learn(user):
        return False
    return departement is None or own_departements is None or departement in own_departements


def can_write_courses(user: User) -> bool:
    """The authoring pages: the agency and the referents (each then limited by `can_author`)."""
    return user.is_active and (user.is_national_admin or user.is_referent)


def can_author(user: User, departement: str | None, *, national_author: bool = False) -> bool:
    """The agency writes every course; a referent the courses of their départements, and the
    national ones when the agency allowed them (`national_author`). A tutor never writes."""
    if not user.is_active:
        return False
    if user.is_national_admin:
        return True
    if not user.is_referent:
        return False
    if departement is None:
        return national_author
    return departement in user.referent_departement_codes


def can_publish(
    user: User, departement: str | None, submitted_by: int | None, *, national_author: bool = False
) -> bool:
    """A version in review is published by another of its authors than the one who asked for the
    review; the agency may publish its own."""
    if not can_author(user, departement, national_author=national_author):
        return False
    return user.is_national_admin or user.pk != submitted_by


def can_grant_national_authoring(user: User) -> bool:
    return user.is_active and user.is_national_admin


def can_revoke_attestation(user: User) -> bool:
    return user.is_active and user.is_national_admin


def can_follow_up(user: User) -> bool:
    """The progress of learners: the agency (France), referents (their départements), a host
    organisation's administrators (their members; `followed_scope` says which)."""
    return user.is_active and (user.is_national_admin or user.is_referent or bool(administered_organisations(user)))
