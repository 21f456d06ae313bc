"""The network of host organisations and tutors (docs/regles.md, P15–P17): the local events the
referents and the agency hold for them (information meetings, webinars, trainings), and who was
invited, registered and came. The tutors' directory and record are read from what exists
(memberships, posts, placements): tig/network/tutors.py."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tig.network.enums import Audience, EventKind
from tig.territories.models import Departement


class Event(models.Model):
    title = models.CharField("intitulé", max_length=200)
    kind = models.CharField("nature", max_length=16, choices=EventKind.choices)
    audience = models.CharField("pour", max_length=16, choices=Audience.choices, default=Audience.MEMBERS)
    # None: a national event (the agency's), open to the members of every département.
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=255, blank=True, help_text="Adresse, si la rencontre a lieu sur place.")
    online_url = models.URLField("lien de connexion", blank=True, help_text="Si elle a lieu en ligne.")
    capacity = models.PositiveSmallIntegerField(
        "places",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        help_text="Laisser vide s'il n'y a pas de limite.",
    )
    description = models.TextField("programme", blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="organisée par", on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField("invitations envoyées le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rencontre du réseau"
        verbose_name_plural = "rencontres du réseau"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["departement", "starts_at"], name="event_departement_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message="La fin de la rencontre suit son début.",
            ),
            models.CheckConstraint(
                condition=~Q(place="", online_url=""),
                name="event_somewhere",
                violation_error_message="Indiquez le lieu de la rencontre ou son lien de connexion.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_open(self) -> bool:
        """Registration is open: neither cancelled nor begun."""
        return self.cancelled_at is None and self.starts_at > timezone.now()


class Participation(models.Model):
    """One person and one event: invited, registered, and whether they came (set by the organiser)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_participations")
    invited_at = models.DateTimeField("invitée le", null=True, blank=True)
    registered_at = models.DateTimeField("inscrite le", null=True, blank=True)
    attended = models.BooleanField("présente", null=True, blank=True)

    class Meta:
        verbose_name = "participation à une rencontre"
        verbose_name_plural = "participations aux rencontres"
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}"
