"""The reminder of an account invitation left unanswered (an organisation's member, an officer,
a magistrate invited by a referent…): one new link, a week after the first."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings

from tig.accounts.models import Invitation
from tig.notifications.enums import NotificationKind
from tig.notifications.reminders import Due, Reminder


class InvitationReminder(Reminder):
    name = "accounts.invitation"
    kind = NotificationKind.MEMBERSHIP
    every = timedelta(days=7)
    at_most = 1

    def candidates(self, now: datetime) -> Iterable[Due]:
        waiting = Invitation.objects.pending().filter(
            created_at__lte=now - timedelta(days=settings.INVITATION_REMINDER_DAYS)
        )
        for pk, email in waiting.values_list("pk", "email"):
            yield Due(key=f"invitation:{pk}", title="", body="", emails=(email,))

    def send(self, due: Due) -> None:
        # A fresh link, valid INVITATION_VALIDITY_DAYS again: only the e-mail holds the token.
        from tig.accounts.tasks import send_invitation

        send_invitation.enqueue(int(due.key.split(":")[1]))
