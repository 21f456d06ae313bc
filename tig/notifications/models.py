"""In-app notifications, their e-mails (an outbox sent by background tasks), and mutes."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tig.notifications.enums import OPTIONAL, EmailStatus, NotificationKind


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("type", max_length=32, choices=NotificationKind.choices)
    title = models.CharField("titre", max_length=200)
    body = models.TextField("message", blank=True)
    url = models.CharField("lien", max_length=300, blank=True)
    created_at = models.DateTimeField("reçue le", default=timezone.now)
    read_at = models.DateTimeField("lue le", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()
    audited = False  # a copy of events already in the audit log, addressed to one person

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_optional(self) -> bool:
        return self.kind in OPTIONAL


class Email(models.Model):
    """One e-mail to send, kept until it is sent: a worker that fails retries it later."""

    to = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("texte")
    # A document made when the e-mail is sent (tig/notifications/attachments.py): its kind and
    # the id of the object it is made from.
    attachment_kind = models.CharField("pièce jointe", max_length=50, blank=True)
    attachment_object_id = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField("état", max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.CharField("dernière erreur", max_length=300, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    audited = False  # technical queue; the events it reports are audited where they happen

    class Meta:
        verbose_name = "courriel"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="email_pending")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class MutedKind(models.Model):
    """An optional kind of notification a user chose not to receive."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_kinds")
    kind = models.CharField("type", max_length=32, choices=NotificationKind.choices)

    class Meta:
        verbose_name = "notification désactivée"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="muted_kind_unique")]

    def __str__(self) -> str:
        return f"{self.user} : {self.get_kind_display()}"


class ReminderState(models.Model):
    """How one object has been reminded of by one kind of reminder (tig/notifications/reminders.py)."""

    reminder = models.CharField("relance", max_length=50)
    key = models.CharField("objet", max_length=80)
    sends = models.PositiveSmallIntegerField("relances envoyées", default=0)
    last_sent_at = models.DateTimeField("dernière relance le", null=True, blank=True)
    active = models.BooleanField("suivie", default=True)  # False: no longer a candidate
    stopped_at = models.DateTimeField("arrêtée le", null=True, blank=True)

    audited = False  # the bookkeeping of reminders; what they remind of is audited where it happens

    class Meta:
        verbose_name = "relance"
        constraints = [models.UniqueConstraint(fields=["reminder", "key"], name="reminder_state_unique")]

    def __str__(self) -> str:
        return f"{self.reminder} {self.key} ({self.sends})"
