"""A measure (TIG, TNR…) followed by a SPIP or the PJJ: the only personal data of convicted
people the platform holds, kept to the minimum, read only by those in charge, every read
in the audit log, anonymised N years after the end (docs/regles.md, R31–R33)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import DecimalField, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tig.accounts.enums import Role
from tig.accounts.models import Service, User
from tig.core.dates import add_months
from tig.measures import deadline
from tig.measures.enums import (
    AUTOMATIC_REASONS,
    CLOSED_STATUSES,
    ConsentMode,
    FailureReason,
    HostAction,
    IncidentKind,
    MeasureKind,
    MeasureStatus,
    SuspensionReason,
)
from tig.organisations.perms import administered_organisations
from tig.posts.models import Post
from tig.territories.models import Commune

ANONYMISED = "anonymisé"


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """The officers and the director of the measure's service (SPIP, or PJJ for a
        minor), the JAP of the case. Nobody else: not lawyers, not referents, not other
        services. (The host's tutors see the placements with them: `Placement.objects.hosted_by`.)"""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_spip_staff or user.is_pjj_director:
            return self.filter(service_id=user.service_id)
        if user.is_jap:
            return self.filter(jap=user)
        return self.none()

    def caseload_of(self, user: User):
        """The measures of a user's caseload: an officer's own, the whole service's for its
        director, the JAP's cases; never the anonymised ones."""
        measures = self.visible_to(user).filter(anonymised_at__isnull=True)
        if user.role == Role.PROBATION_OFFICER:
            measures = measures.filter(officer=user)
        return measures

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def with_progress(self):
        """Hours validated and hours awaiting validation (over all the measure's placements),
        the planned weekly hours of the current placement, whether an incident awaits its
        report and whether the host delivered its attestation: one query for a caseload."""
        hours = DecimalField(max_digits=6, decimal_places=1)
        zero = Value(Decimal(0), output_field=hours)
        attendances = "placements__attendances"
        current = Placement.objects.filter(measure=OuterRef("pk"), ended_at__isnull=True)
        return self.annotate(
            hours_validated=Coalesce(
                Sum(
                    f"{attendances}__hours",
                    filter=Q(
                        **{f"{attendances}__validated_at__isnull": False, f"{attendances}__set_aside_at__isnull": True}
                    ),
                ),
                zero,
                output_field=hours,
            ),
            hours_pending=Coalesce(
                Sum(
                    f"{attendances}__hours",
                    filter=Q(
                        **{f"{attendances}__validated_at__isnull": True, f"{attendances}__set_aside_at__isnull": True}
                    ),
                ),
                zero,
                output_field=hours,
            ),
            weekly_hours=Subquery(current.values("weekly_hours")[:1]),
            work_suspended=Exists(current.filter(work_suspended_at__isnull=False)),
            unreported_incident=Exists(
                Incident.objects.filter(placement__measure=OuterRef("pk"), report_at__isnull=True)
            ),
            attested=Exists(Placement.objects.filter(measure=OuterRef("pk"), attestation_issued_at__isnull=False)),
        )

    def progress(self) -> list["Progress"]:
        """Where each measure stands, as light rows rather than model instances: for the lists
        that sort or count a whole service's measures (a director's: thousands). Two queries."""
        columns = ("pk", "officer_id", "status", "deadline", "hours_ordered")
        annotations = ("hours_validated", "hours_pending", "weekly_hours", "unreported_incident", "attested")
        rows = list(self.with_progress().order_by().values_list(*columns, *annotations))
        periods: dict[int, list] = {}
        suspensions = Suspension.objects.filter(measure__in=self.values("pk")).order_by("starts_on")
        for measure_id, starts_on, ends_on in suspensions.values_list("measure_id", "starts_on", "ends_on"):
            periods.setdefault(measure_id, []).append((starts_on, ends_on))
        return [Progress(*row, suspension_periods=periods.get(row[0], [])) for row in rows]  # type: ignore[misc]  # the row holds the fields before it

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
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A failure: its reason, and the report the officer writes to the JAP.
    failure_reason = models.CharField("motif", max_length=16, choices=FailureReason.choices, blank=True)
    failure_report = models.TextField("rapport au juge", blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)
    # The alerts already sent to the officer, so that the daily review sends each once.
    deadline_alert_for = models.DateField(null=True, blank=True, editable=False)
    pace_alert_sent = models.BooleanField(default=False, editable=False)

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

    @property
    def is_completed(self) -> bool:
        return self.status == MeasureStatus.COMPLETED

    @property
    def is_failed(self) -> bool:
        return self.status == MeasureStatus.FAILED

    @cached_property
    def suspension_periods(self) -> list[tuple]:
        return [(s.starts_on, s.ends_on) for s in self.suspensions.all()]

    def effective_deadline(self, today=None):
        return deadline.effective_deadline(self.deadline, self.suspension_periods, today or timezone.localdate())

    @property
    def is_suspended(self) -> bool:
        today = timezone.localdate()
        return any(start <= today and (end is None or end >= today) for start, end in self.suspension_periods)


@dataclass(frozen=True)
class Progress:
    """What `progress.standing` needs of a measure, and what the service's lists count:
    MeasureQuerySet.progress() reads them without building model instances."""

    pk: int
    officer_id: int | None
    status: str
    deadline: date
    hours_ordered: int
    hours_validated: Decimal
    hours_pending: Decimal
    weekly_hours: int | None
    unreported_incident: bool
    attested: bool
    suspension_periods: list = field(default_factory=list)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def hours_done(self) -> bool:
        """All the hours ordered are validated: the host may deliver its attestation."""
        return self.hours_validated >= self.hours_ordered

    def effective_deadline(self, today=None):
        return deadline.effective_deadline(self.deadline, self.suspension_periods, today or timezone.localdate())


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

    def hosted_by(self, user: User):
        """The current placements a host member may follow: every placement in an
        organisation they administer, those on the posts they are tutor of. They see the
        person's name, the schedule and the hours, nothing else of the measure."""
        roles = user.organisation_roles if user.is_authenticated and user.is_active else {}
        if not roles:
            return self.none()
        administered = administered_organisations(user)
        tutored = Post.tutors.through.objects.filter(user=user, post__organisation_id__in=list(roles))
        # The posts first, as one list (no OR across a join, which the databases answer by
        # reading every current placement), then their placements through the post's index.
        posts = Post.objects.filter(organisation_id__in=administered).values("pk").union(tutored.values("post_id"))
        return self.active().filter(post_id__in=posts, measure__anonymised_at__isnull=True)


class Placement(models.Model):
    """An assignment decision: the measure placed on a post, with tasks and schedule. It
    holds one of the post's places from the decision until it ends."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="placements")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="placements")
    tasks = models.TextField("tâches confiées")
    schedule = models.CharField("horaires", max_length=255)
    medical_triggers = models.JSONField("motifs d'examen médical", default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("décidée le", default=timezone.now)
    weekly_hours = models.PositiveSmallIntegerField("heures prévues par semaine", null=True)
    # A placement on an individual post holds one of its places; one on a collective worksite
    # holds seats of its sessions instead (tig.collective, docs/regles.md C3).
    holds_place = models.BooleanField("occupe une place du poste", default=True)
    # The host suspended the work (danger, serious misconduct) until it resumes.
    work_suspended_at = models.DateTimeField("travail suspendu le", null=True, blank=True)
    attestation_issued_at = models.DateTimeField("attestation délivrée le", null=True, blank=True)
    attestation_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who welcomes the person, and when and where: the letter to the person names them.
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tuteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    first_appointment_at = models.DateTimeField("premier rendez-vous", null=True, blank=True)
    first_appointment_place = models.CharField("lieu du premier rendez-vous", max_length=255, blank=True)
    ended_at = models.DateTimeField("terminée le", null=True, blank=True)
    end_reason = models.CharField("motif de fin", max_length=255, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

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


class Attendance(models.Model):
    """A day's hours, recorded by the host (the attendance sheet) and validated by the
    officer. Only validated hours count towards the measure."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="attendances")
    worked_on = models.DateField("date")
    hours = models.DecimalField("heures effectuées", max_digits=3, decimal_places=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    # Set aside by the officer, with a reason the host is told: kept, never counted.
    set_aside_at = models.DateTimeField("écartée le", null=True, blank=True)
    set_aside_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_aside_reason = models.CharField("motif", max_length=255, blank=True)

    class Meta:
        verbose_name = "heures effectuées"
        ordering = ["worked_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "worked_on"],
                condition=Q(set_aside_at__isnull=True),
                name="attendance_one_per_day",
                violation_error_message="Des heures sont déjà saisies pour ce jour.",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="attendance_hours_positive", violation_error_message="Heures positives."
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h le {self.worked_on:%d/%m/%Y}"

    @property
    def label(self) -> str:
        return f"la saisie du {self.worked_on:%d/%m/%Y}"


class Incident(models.Model):
    """What the host reports without delay, what it did about it, and the officer's report
    to the JAP."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField("nature", max_length=16, choices=IncidentKind.choices)
    occurred_on = models.DateField("date des faits")
    description = models.TextField("ce qui s'est passé")
    host_action = models.CharField("suite donnée par la structure", max_length=8, choices=HostAction.choices)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    report = models.TextField("rapport au juge", blank=True)
    report_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "incident"
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.occurred_on:%d/%m/%Y}"


class PlacementProposal(models.Model):
    """A post the officer proposes to the director for a measure, with the tasks and schedule
    they would set: the director's assignment form starts from it."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="proposals")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    tasks = models.TextField("tâches proposées")
    schedule = models.CharField("horaires proposés", max_length=255)
    weekly_hours = models.PositiveSmallIntegerField("heures prévues par semaine")
    note = models.CharField("observation pour le directeur", max_length=500, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("proposé le", default=timezone.now)

    class Meta:
        verbose_name = "proposition d'affectation"
        verbose_name_plural = "propositions d'affectation"
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"Proposition du poste {self.post_id} pour {self.measure}"
