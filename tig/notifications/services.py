"""Send notifications: rows for the in-app list, and e-mails queued for the worker after the
transaction commits (never sent inside the request)."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from tig.core.text import fit
from tig.notifications.enums import OPTIONAL, NotificationKind
from tig.notifications.models import Email, MutedKind, Notification


def notify(users: Iterable, kind: NotificationKind, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Notify each active user once (in the platform and by e-mail), except those who muted
    this kind when it is optional."""
    recipients = {user.pk: user for user in users if user.is_active}
    if kind in OPTIONAL and recipients:
        muted = set(MutedKind.objects.filter(kind=kind, user_id__in=recipients).values_list("user_id", flat=True))
        recipients = {pk: user for pk, user in recipients.items() if pk not in muted}
    title = fit(title, Notification._meta.get_field("title").max_length or 200)
    notifications = Notification.objects.bulk_create(
        Notification(user_id=pk, kind=kind, title=title, body=body, url=url) for pk in recipients
    )
    link = f"\n\n{settings.SITE_URL}{url}" if url else ""
    footer = "\n\n— Plateforme TIG (message automatique). Vos notifications : " + settings.SITE_URL + "/notifications/"
    send_emails(
        [
            (user.email, title, f"Bonjour {user.get_full_name()},\n\n{body}{link}{footer}")
            for user in recipients.values()
        ]
    )
    return notifications


SUBJECT_LENGTH = Email._meta.get_field("subject").max_length or 200


def send_emails(messages: Iterable[tuple[str, str, str]], attachment: tuple[str, int] | None = None) -> list[Email]:
    """Queue e-mails (to, subject, body): stored now, sent by a task once the transaction commits.
    `attachment` is (kind, object id) of a document registered in tig/notifications/attachments.py."""
    kind, object_id = attachment or ("", None)
    emails = Email.objects.bulk_create(
        Email(
            to=to, subject=fit(subject, SUBJECT_LENGTH), body=body, attachment_kind=kind, attachment_object_id=object_id
        )
        for to, subject, body in messages
        if to
    )
    if emails:
        from tig.notifications.tasks import send_email

        ids = [email.pk for email in emails]
        transaction.on_commit(lambda: [send_email.enqueue(pk) for pk in ids])
    return emails
