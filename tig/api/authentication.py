"""Requests carry a personal key: `Authorization: Bearer tig_…`. The key stands for its
holder's account: the API answers exactly what that account sees on the site."""

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tig.accounts.models import User
from tig.api.models import ApiToken, digest

SCHEME = "bearer"


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in (SCHEME, "token"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("L'en-tête Authorization doit être « Bearer » suivi de la clé.")
        token = ApiToken.objects.usable().select_related("user").filter(key_digest=digest(header[1])).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Cette clé d'API est inconnue, expirée ou révoquée.")
        today = timezone.localdate()
        if token.last_used_on != today:
            # Without signals: the day of last use is not a modification for the audit log.
            ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes refusals 401 (with WWW-Authenticate) rather than 403.
        return 'Bearer realm="api"'
