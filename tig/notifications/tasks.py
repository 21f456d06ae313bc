"""Sending the outbox. A failed e-mail stays pending; `retry_emails` (every few minutes, from
the scheduler) queues it again, up to MAX_ATTEMPTS, so a mail server outage loses nothing."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from tig.notifications import attachments
from tig.notifications.enums import EmailStatus
from tig.notifications.models import Email

MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=5)
STALE_CLAIM = timedelta(hours=1)


def claimable() -> Q:
    """Pending, and not being sent (or claimed by a worker that died more than an hour ago)."""
    return Q(status=EmailStatus.PENDING) & (Q(sent_at__isnull=True) | Q(sent_at__lt=timezone.now() - STALE_CLAIM))


@task
def send_email(email_id: int) -> bool:
    # Claim the e-mail: a retry queued while another worker sends it does not send it twice.
    claimed = Email.objects.filter(claimable(), pk=email_id).update(attempts=F("attempts") + 1, sent_at=timezone.now())
    if not claimed:
        return False
    email = Email.objects.get(pk=email_id)
    message = EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    try:
        if email.attachment_kind:
            document = attachments.make(email.attachment_kind, email.attachment_object_id or 0)
            message.attach(document.filename, document.content, document.mimetype)
        message.send()
    except Exception as error:  # any failure of the mail server: keep it for a retry
        status = EmailStatus.FAILED if email.attempts >= MAX_ATTEMPTS else EmailStatus.PENDING
        Email.objects.filter(pk=email_id).update(status=status, sent_at=None, last_error=str(error)[:300])
        return False
    Email.objects.filter(pk=email_id).update(status=EmailStatus.SENT, last_error="")
    return True


@task
def retry_emails() -> int:
    """Queue again the e-mails still pending a while after their creation or last attempt."""
    cutoff = timezone.now() - RETRY_AFTER
    with transaction.atomic():
        ids = list(
            Email.objects.filter(claimable(), created_at__lte=cutoff)
            .order_by("created_at")
            .values_list("pk", flat=True)[:500]
        )
    for pk in ids:
        send_email.enqueue(pk)
    return len(ids)


@task
def send_reminders() -> dict[str, int]:
    """Daily: every kind of reminder of the REMINDERS setting (tig/notifications/reminders.py)."""
    from tig.notifications.reminders import run_all

    return run_all()
