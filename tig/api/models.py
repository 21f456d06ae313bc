"""The API's keys and its request counts (docs/decisions/0013)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# What a key starts with, so that a leaked key is recognisable (secret scanners, logs).
KEY_PREFIX = "tig_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(models.Model):
    """A personal key: it carries its holder's account, hence their role and scope. Only its
    SHA-256 digest is stored; the key itself is shown once, when it is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nom", max_length=80, help_text="Pour vous y retrouver : le logiciel qui l'utilise.")
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, to tell keys apart on the page (never enough to use one).
    hint = models.CharField("début de la clé", max_length=16, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    last_used_on = models.DateField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "clé d'API"
        verbose_name_plural = "clés d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def new_key() -> str:
        return KEY_PREFIX + secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class RequestCount(models.Model):
    """Requests of one client (a key, or an address without key) in one minute: counted in the
    database so that the limit holds whichever application server answers."""

    client = models.CharField(max_length=80)
    minute = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=0)

    audited = False  # a counter, not a record of anyone's data

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "minute"], name="request_count_client_minute")]

    def __str__(self) -> str:
        return f"{self.client} : {self.hits}"
