"""Who may hold API keys: every account of a role that works on the platform (the key sees what
the account sees); not a partner's coordinator, who reads aggregated figures only."""

from tig.accounts.models import User
from tig.api.models import ApiToken


def can_hold_keys(user: User) -> bool:
    return user.is_active and user.works_on_platform


def can_revoke(user: User, token: ApiToken) -> bool:
    """One's own keys; the agency any key (a leaked key reported to it)."""
    return token.user_id == user.pk or user.is_national_admin
