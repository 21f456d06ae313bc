"""Who sees and works the prospecting (docs/regles.md, P6): the referents, for the targets of
their départements, and the agency, for France. Nothing of it to hosts, courts or lawyers."""

from tig.accounts.models import User


def departements_in_view(user: User) -> list[str] | None:
    """None for the whole of France; else the départements whose prospecting the user reads
    (empty: none)."""
    if user.is_national_admin:
        return None
    if user.is_referent:
        return sorted(user.referent_departement_codes)
    return []


def can_prospect(user: User) -> bool:
    return user.is_active and departements_in_view(user) != []


def can_see_target(user: User, departement_code: str) -> bool:
    codes = departements_in_view(user)
    return codes is None or departement_code in codes


def can_work_target(user: User, departement_code: str) -> bool:
    """Log, move, assign, invite: the same people as those who see it."""
    return user.is_active and can_see_target(user, departement_code)


def can_import_targets(user: User, departement_code: str) -> bool:
    return can_work_target(user, departement_code)


def can_be_assigned(user: User, departement_code: str) -> bool:
    """A target is handed to a referent of its département."""
    return user.is_active and user.is_referent and departement_code in user.referent_departement_codes
