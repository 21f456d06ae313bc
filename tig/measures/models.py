"""A measure (TIG, TNR…) followed by a SPIP or the PJJ: the only personal data of convicted
people the platform holds, kept to the minimum, read only by those in charge, every read
in the audit log, anonymised N years after the end (domain.md §6.5)."""

from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tig.accounts.models import Service
from tig.core.dates import add_months
from tig.measures import deadline
from tig.measures.enums import (
    AUTOMATIC_REASONS,
    CLOSED_STATUSES,
    ConsentMode,
    MeasureKind,
    MeasureStatus,
    SuspensionReason,
)
from tig.territories.models import Commune

ANONYMISED = "anonymisé"


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The officers and the director of the measure's service (SPIP, or PJJ for a
        minor), the JAP of the case. Nobody else: not lawyers, not referents, not other
        services. (Tutors will see the measures placed with their organisation.)"""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_spip_staff or user.is_pjj_director:
            return self.filter(service_id=user.service_id)
        if user.is_jap:
            return self.filter(jap=user)
        return self.none()

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def anonymisable(self, now=None):
        limit = add_months(now or timezone.now(), -12 * settings.MEASURES_RETENTION_YEARS)  # 29 February too
        return self.filter(closed_at__lt=limit, anonymised_at__isnull=True)


class Measure(models.Model):
    # The person: nothing beyond what follow-up needs.
    appi_number = models.CharField("numéro APPI", max_length=30)
    last_name = models.CharField("nom", max_length=100)
    first_names = models.CharField("prénoms", max_length=150)
    birth_date = models.DateField("date de naissance", null=True)
    residence = models.ForeignKey(
        Commune, verbose_name="commune de résidence", on_delete=models.PROTECT, null=True, related_name="+"
    )
    phone = models.CharField("téléphone", max_length=20, blank=True)
    # The decision.
    kind = models.CharField("nature de la mesure", max_length=24, choices=MeasureKind.choices)
    hours_ordered = models.PositiveSmallIntegerField("heures prononcées")
    sentence_date = models.DateField("date de la décision")
    deadline = models.DateField("délai d'exécution fixé")
    offence_date = models.DateField("date des faits", null=True, blank=True)
    consent_mode = models.CharField("consentement", max_length=16, choices=ConsentMode.choices)
    is_minor = models.BooleanField("mineur", default=False)
    tribunal = models.ForeignKey(
        Service, verbose_name="tribunal", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    jap = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="juge de l'application des peines",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures_as_jap",
    )
    assignment_reserved = models.BooleanField("affectation réservée par le juge", default=False)
    # What the matching takes into account, and nothing more about the person's situation.
    works_weekdays = models.BooleanField("travaille en semaine (postes ouverts le week-end)", default=False)
    reduced_mobility = models.BooleanField("mobilité réduite", default=False)
    no_driving_licence = models.BooleanField("sans permis de conduire (postes desservis en transports)", default=False)
    # Who follows it.
    service = models.ForeignKey(Service, verbose_name="service", on_delete=models.PROTECT, related_name="measures")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller chargé du suivi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures_followed",
    )
    status = models.CharField("état", max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.REFERRED)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure"
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["service", "status"], name="measure_caseload"),
            models.Index(fields=["officer", "status"], name="measure_officer"),
            models.Index(fields=["closed_at"], name="measure_closed", condition=Q(anonymised_at__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("sentence_date")),
                name="measure_deadline_after_decision",
                violation_error_message="Le délai d'exécution ne peut précéder la décision.",
            ),
            models.CheckConstraint(
                condition=Q(hours_ordered__gte=1),
                name="measure_hours_positive",
                violation_error_message="Le nombre d'heures doit être positif.",
            ),
        ]

    def __str__(self) -> str:
        return f"Mesure {self.appi_number}"

    @property
    def person_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_names}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @cached_property
    def suspension_periods(self) -> list[tuple]:
        return [(s.starts_on, s.ends_on) for s in self.suspensions.all()]

    def effective_deadline(self, today=None):
        return deadline.effective_deadline(self.deadline, self.suspension_periods, today or timezone.localdate())

    @property
    def is_suspended(self) -> bool:
        today = timezone.localdate()
        return any(start <= today and (end is None or end >= today) for start, end in self.suspension_periods)


class Suspension(models.Model):
    """A period the deadline stops running: by law (detention, ARSE…) or by the JAP."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField("motif", max_length=24, choices=SuspensionReason.choices)
    starts_on = models.DateField("du")
    ends_on = models.DateField("au", null=True, blank=True, help_text="Laisser vide si la période est en cours.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "suspension du délai"
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="suspension_dates_ordered",
                violation_error_message="La fin de la suspension ne peut précéder son début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} depuis le {self.starts_on:%d/%m/%Y}"

    @property
    def is_automatic(self) -> bool:
        return self.reason in AUTOMATIC_REASONS


class PlacementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Placement(models.Model):
    """An assignment decision: the measure placed on a post, with tasks and schedule. It
    holds one of the post's places from the decision until it ends."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="placements")
    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="placements")
    tasks = models.TextField("tâches confiées")
    schedule = models.CharField("horaires", max_length=255)
    medical_triggers = models.JSONField("motifs d'examen médical", default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("décidée le", default=timezone.now)
    ended_at = models.DateTimeField("terminée le", null=True, blank=True)
    end_reason = models.CharField("motif de fin", max_length=255, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "affectation"
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(ended_at__isnull=True),
                name="placement_one_active_per_measure",
                violation_error_message="La mesure est déjà affectée à un poste.",
            )
        ]

    def __str__(self) -> str:
        return f"Affectation de {self.measure} sur le poste {self.post_id}"
