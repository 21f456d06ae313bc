"""Who reads which statistics: the agency France; a referent their départements; a SPIP or PJJ
director their service's département; magistrates their tribunal's département."""

from tig.accounts.enums import DECIDER_ROLES
from tig.accounts.models import User


def departements_in_view(user: User) -> list[str] | None:
    """None for the whole of France; else the départements covered (empty: no statistics)."""
    if user.is_national_admin:
        return None
    if user.is_referent:
        return sorted(user.referent_departement_codes)
    if (user.role in DECIDER_ROLES or user.is_magistrate) and user.service is not None:
        return [user.service.departement_id]
    return []


def can_see_statistics(user: User) -> bool:
    return departements_in_view(user) != []
