"""Who may hold API keys: every account with a role (the key sees what the account sees)."""

from tig.accounts.models import User
from tig.api.models import ApiToken


def can_hold_keys(user: User) -> bool:
    return user.is_active and bool(user.role)


def can_revoke(user: User, token: ApiToken) -> bool:
    """One's own keys; the agency any key (a leaked key reported to it)."""
    return token.user_id == user.pk or user.is_national_admin
