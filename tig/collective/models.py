"""A measure enrolled on the sessions of a collective worksite (docs/regles.md, C3–C6). The
enrolment belongs to the assignment decision (measures.Placement) on the worksite's post: it
holds one seat of its session (posts.Session.seats_taken) until it is withdrawn. It is also
the session's attendance sheet's line for that person: present or absent, the hours, and what
it fed (the measure's hours, an incident)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tig.measures.models import Attendance, Incident, Placement
from tig.posts.models import Session


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def active(self) -> "EnrolmentQuerySet":
        """Not withdrawn: the person is expected at the session."""
        return self.filter(withdrawn_at__isnull=True)

    def to_mark(self) -> "EnrolmentQuerySet":
        """The lines of a sheet still to fill: expected, unmarked, the placement still running."""
        return self.active().filter(marked_at__isnull=True, placement__ended_at__isnull=True)


class Enrolment(models.Model):
    session = models.ForeignKey(Session, verbose_name="séance", on_delete=models.PROTECT, related_name="enrolments")
    placement = models.ForeignKey(
        Placement, verbose_name="affectation", on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField("inscrite le", auto_now_add=True)
    # Withdrawn by the service, or because the placement ended: the seat is given back.
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The attendance sheet's line.
    present = models.BooleanField("présente", null=True, blank=True)
    hours = models.DecimalField("heures effectuées", max_digits=3, decimal_places=1, null=True, blank=True)
    attendance = models.OneToOneField(
        Attendance, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolment"
    )
    incident = models.OneToOneField(Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField("pointée le", null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription à une séance"
        verbose_name_plural = "inscriptions aux séances"
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "placement"],
                condition=Q(withdrawn_at__isnull=True),
                name="enrolment_once_per_session",
                violation_error_message="La personne est déjà inscrite à cette séance.",
            ),
            models.CheckConstraint(
                condition=Q(present=True, hours__gt=0) | Q(present=False, hours__isnull=True) | Q(present__isnull=True),
                name="enrolment_hours_when_present",
                violation_error_message="Des heures pour une personne présente, aucune pour une absente.",
            ),
        ]

    def __str__(self) -> str:
        return f"Inscription de l'affectation {self.placement_id} à la séance {self.session_id}"
