"""Lockout after repeated failed logins, counted per e-mail address in the database so
that it holds whichever application server answers."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from tig.accounts.models import LoginFailure


def _key(email: str) -> str:
    # As the address field stores it: anything longer cannot be an account's address anyway.
    return email.lower()[:254]


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def locked_until(email: str, now: datetime | None = None) -> datetime | None:
    """When the address may try again, or None if it is not locked."""
    now = now or timezone.now()
    recent = list(
        LoginFailure.objects.filter(email=_key(email), at__gt=_window_start(now))
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_FAILURE_LIMIT]
    )
    if len(recent) < settings.LOGIN_FAILURE_LIMIT:
        return None
    return recent[-1] + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def record_failure(email: str) -> None:
    LoginFailure.objects.create(email=_key(email))


def clear_failures(email: str) -> None:
    LoginFailure.objects.filter(email=_key(email)).delete()
