"""The reminder engine (tig/notifications/reminders.py, docs/regles.md P9): each candidate
reminded no more often than `every`, at most `at_most` times, never again once it has left the
candidates, and from the start when it comes back."""

from collections.abc import Iterable
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.accounts.factories import probation_officer
from tig.notifications.enums import NotificationKind
from tig.notifications.models import Email, MutedKind, Notification, ReminderState
from tig.notifications.reminders import Due, Reminder, run

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


class Toy(Reminder):
    """Reminds of the keys it is given."""

    name = "essai"
    kind = NotificationKind.PROSPECTING_DIGEST
    every = timedelta(days=7)
    at_most = 2

    def __init__(self, users=(), emails=()):
        self.keys: list[str] = []
        self.users, self.emails = users, emails

    def candidates(self, now: datetime) -> Iterable[Due]:
        for key in self.keys:
            yield Due(key, f"À propos de {key}", "Rien de grave.", "/notifications/", self.users, self.emails)


def test_a_candidate_is_reminded_every_so_often_and_at_most_so_many_times():
    user = probation_officer()
    toy, now = Toy(users=[user]), timezone.now()
    toy.keys = ["a", "b"]
    assert run(toy, now) == 2
    assert run(toy, now + DAY) == 0  # not before `every`
    assert run(toy, now + 7 * DAY) == 2
    assert run(toy, now + 14 * DAY) == 0  # at most twice
    assert Notification.objects.filter(user=user, title="À propos de a").count() == 2


def test_leaving_the_candidates_stops_and_coming_back_starts_over():
    toy, now = Toy(emails=["mairie@exemple.test"]), timezone.now()
    toy.keys = ["a"]
    assert run(toy, now) == 1
    assert run(toy, now + 7 * DAY) == 1
    toy.keys = []
    assert run(toy, now + 8 * DAY) == 0
    state = ReminderState.objects.get(reminder="essai", key="a")
    assert not state.active and state.stopped_at is not None
    toy.keys = ["a"]
    assert run(toy, now + 9 * DAY) == 0  # back, but reminded two days ago: not yet
    assert run(toy, now + 14 * DAY) == 1  # starts over: two more at most
    assert run(toy, now + 21 * DAY) == 1
    assert run(toy, now + 28 * DAY) == 0
    assert Email.objects.filter(to="mairie@exemple.test").count() == 4


def test_what_another_worker_sent_meanwhile_is_not_sent_again():
    class Racing(Toy):
        def send(self, due: Due) -> None:
            super().send(due)
            if due.key == "a":  # while this worker sends « a », another runs the same day
                self.other_worker_sent = run(self._twin(), self.now)

        def _twin(self) -> Toy:
            twin = Toy(emails=self.emails)
            twin.keys = self.keys
            return twin

    racing = Racing(emails=["x@exemple.test"])
    racing.keys, racing.now = ["a", "b"], timezone.now()
    assert run(racing, racing.now) == 1  # « a »; « b » was claimed by the other worker
    assert racing.other_worker_sent == 1
    assert sorted(Email.objects.values_list("subject", flat=True)) == ["À propos de a", "À propos de b"]


def test_an_optional_reminder_respects_its_recipient_s_mute(settings):
    user = probation_officer()
    MutedKind.objects.create(user=user, kind=NotificationKind.PROSPECTING_DIGEST)
    toy = Toy(users=[user])
    toy.keys = ["a"]
    run(toy)
    assert not Notification.objects.filter(user=user).exists()
    assert mail.outbox == []


def test_the_daily_task_runs_every_kind_of_the_setting(settings):
    from tig.notifications.tasks import send_reminders

    settings.REMINDERS = ["tig.posts.reminders.ConfirmationReminder", "tig.prospecting.reminders.ReferentDigest"]
    assert send_reminders.call() == {"posts.confirmation": 0, "prospecting.digest": 0}
