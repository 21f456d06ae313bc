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


def can_set_objectives(user: User) -> bool:
    """The objectives per département and per referent are the agency's (P10)."""
    return user.is_active and user.is_national_admin


def can_see_objective(user: User, departement_code: str | None, referent_id: int | None) -> bool:
    """The agency sees every objective; a referent those of their départements and their own."""
    if not user.is_active:
        return False
    if user.is_national_admin:
        return True
    if referent_id is not None:
        return referent_id == user.pk
    return user.is_referent and departement_code in user.referent_departement_codes
