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


def attempt(email: str) -> datetime | None:
    """Count this attempt and decide, in one step, whether it may check a password: the
    attempt is recorded first (as a failure until it succeeds), then the recent ones are
    counted. Of any number of attempts at the same moment, the database has them in some
    order, and only the first LOGIN_FAILURE_LIMIT of the window see a count within the limit:
    no more passwords are checked than the limit allows. Returns None when the password may be
    checked, else when the address may try again (the refused attempt is forgotten, so that
    trying while locked does not extend the lock)."""
    now = timezone.now()
    mine = LoginFailure.objects.create(email=_key(email), at=now)
    recent = LoginFailure.objects.filter(email=_key(email), at__gt=_window_start(now)).count()
    if recent <= settings.LOGIN_FAILURE_LIMIT:
        return None
    mine.delete()
    return locked_until(email, now) or now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def clear_failures(email: str) -> None:
    LoginFailure.objects.filter(email=_key(email)).delete()
