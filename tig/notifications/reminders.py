"""The platform's one reminder engine (docs/regles.md, P9). An app declares a kind of reminder
(a `Reminder`): which objects are due today (its candidates), whom to remind of each, how often
and how many times. The daily task `send_reminders` runs every kind listed in the REMINDERS
setting: it reminds each candidate no more often than `every` and at most `at_most` times, and
stops following an object as soon as it is no longer a candidate (the invitation accepted, the
post confirmed, nothing left overdue); if it becomes one again later, its reminders start over.

Each reminder sent is claimed by a conditional UPDATE on its state row, so two workers running
the same day never send it twice."""

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from tig.audit.recording import acting_as
from tig.notifications.enums import NotificationKind
from tig.notifications.models import ReminderState
from tig.notifications.services import notify, send_emails


@dataclass(frozen=True)
class Due:
    """One candidate: the object reminded of (a key of the reminder's own, « post:12 ») and the
    reminder itself: in the platform and by e-mail to `users`, by e-mail alone to `emails`
    (addresses without an account, such as an organisation being prospected)."""

    key: str
    title: str
    body: str
    url: str = ""
    users: Sequence[Any] = field(default_factory=tuple)
    emails: Sequence[str] = field(default_factory=tuple)


class Reminder(ABC):
    name: str  # stored with each state: never renamed
    kind: NotificationKind  # an optional kind can be muted by its recipient
    every: timedelta  # no object is reminded of more often
    at_most: int | None = None  # reminders of one object before silence (None: as long as it is due)

    @abstractmethod
    def candidates(self, now: datetime) -> Iterable[Due]:
        """The objects due for this reminder now."""

    def send(self, due: Due) -> None:
        if due.users:
            notify(due.users, self.kind, due.title, due.body, due.url)
        link = f"\n\n{settings.SITE_URL}{due.url}" if due.url else ""
        send_emails([(email, due.title, f"Bonjour,\n\n{due.body}{link}\n\n— Plateforme TIG") for email in due.emails])


def reminders() -> list[Reminder]:
    return [import_string(path)() for path in settings.REMINDERS]


def run(reminder: Reminder, now: datetime | None = None) -> int:
    """Send what is due for one kind of reminder; returns how many were sent."""
    now = now or timezone.now()
    due = {candidate.key: candidate for candidate in reminder.candidates(now)}
    states = ReminderState.objects.filter(reminder=reminder.name)
    # Stop following what is no longer a candidate.
    gone = [pk for pk, key in states.filter(active=True).values_list("pk", "key") if key not in due]
    for start in range(0, len(gone), 500):
        ReminderState.objects.filter(pk__in=gone[start : start + 500]).update(active=False, stopped_at=now)
    keys = list(due)
    known = {
        state.key: state
        for start in range(0, len(keys), 500)
        for state in states.filter(key__in=keys[start : start + 500])
    }
    sent = 0
    for key, candidate in due.items():
        state = known.get(key) or _state(reminder.name, key)
        if state.active and reminder.at_most is not None and state.sends >= reminder.at_most:
            continue
        if state.last_sent_at is not None and state.last_sent_at > now - reminder.every:
            continue
        sends = state.sends if state.active else 0
        with transaction.atomic():
            claimed = ReminderState.objects.filter(
                pk=state.pk, sends=state.sends, active=state.active, last_sent_at=state.last_sent_at
            ).update(sends=sends + 1, active=True, last_sent_at=now, stopped_at=None)
            if claimed:
                reminder.send(candidate)
                sent += 1
    return sent


def _state(name: str, key: str) -> ReminderState:
    """A new object followed (another worker may have created it meanwhile)."""
    try:
        with transaction.atomic():
            return ReminderState.objects.create(reminder=name, key=key)
    except IntegrityError:
        return ReminderState.objects.get(reminder=name, key=key)


def run_all(now: datetime | None = None) -> dict[str, int]:
    with acting_as("relances"):
        return {reminder.name: run(reminder, now) for reminder in reminders()}
