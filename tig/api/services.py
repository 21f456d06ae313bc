"""Creating and revoking API keys: each in one transaction, in the audit log (model signals)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tig.accounts.models import User
from tig.api import perms
from tig.api.models import ApiToken, digest
from tig.core.exceptions import Refused

VALIDITY_DAYS = (30, 90, 365)


def create_key(user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new key for the user, and the key itself (shown once, never stored)."""
    if not perms.can_hold_keys(user):
        raise Refused("Votre compte ne peut pas avoir de clé d'API.")
    if days not in VALIDITY_DAYS:
        raise Refused("Choisissez une durée de validité de la liste.")
    key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            key_digest=digest(key),
            hint=key[:10],
            expires_at=timezone.now() + timedelta(days=days),
        )
    return token, key


def revoke_key(user: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token: ApiToken | None = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None or not perms.can_revoke(user, token):
            raise Refused("Cette clé n'existe pas.")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token
