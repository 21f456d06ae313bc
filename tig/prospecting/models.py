"""The prospecting's records (docs/regles.md, P1–P6): the organisations that could host
(targets), their stage in the pipeline and its history, their professional contacts and the log
of what was done with them. Visible to the referents of the target's département and to the
agency only (tig/prospecting/perms.py)."""

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tig.habilitations.models import private_storage
from tig.organisations.models import Organisation
from tig.prospecting.enums import (
    OPEN_STAGES,
    AbandonReason,
    InteractionKind,
    ObjectiveMetric,
    Source,
    Stage,
    TargetKind,
)
from tig.territories.models import Commune, Departement
from tig.territories.names import normalize_name


def match_key(name: str, commune_code: str) -> str:
    """What two lines for the same organisation share when neither gives a SIRET: the name
    without accents, case or punctuation, and the commune."""
    return f"{normalize_name(name)}|{commune_code}"[:220]


def overdue_condition(today: date | None = None) -> Q:
    """A target in progress whose next step's date is past (P2)."""
    return Q(stage__in=OPEN_STAGES, next_step_on__lt=today or timezone.localdate())


class TargetQuerySet(models.QuerySet["Target"]):
    def in_departements(self, codes: list[str] | None) -> "TargetQuerySet":
        """None: the whole of France (the agency)."""
        return self if codes is None else self.filter(departement_id__in=codes)

    def overdue(self, today: date | None = None) -> "TargetQuerySet":
        return self.filter(overdue_condition(today))


class Target(models.Model):
    """An organisation that could host TIG or TNR, until it does (and after: it keeps its history)."""

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=16, choices=TargetKind.choices)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    match_key = models.CharField(max_length=220, editable=False)
    address = models.CharField("adresse", max_length=255, blank=True)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    departement = models.ForeignKey(Departement, verbose_name="département", on_delete=models.PROTECT, related_name="+")
    population = models.PositiveIntegerField("population", default=0)
    email = models.EmailField("adresse électronique", max_length=254, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.CharField("site internet", max_length=200, blank=True)
    source = models.CharField("origine", max_length=16, choices=Source.choices, default=Source.MANUAL)
    # The town hall « mairie-21231 » or the EPCI « epci-200070308 » of the national register.
    reference_code = models.CharField(max_length=20, unique=True, null=True, blank=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="structure d'accueil",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stage = models.CharField("étape", max_length=16, choices=Stage.choices, default=Stage.TO_CONTACT)
    stage_changed_at = models.DateTimeField("étape depuis le", default=timezone.now)
    abandon_reason = models.CharField("raison de l'abandon", max_length=16, choices=AbandonReason.choices, blank=True)
    next_step = models.CharField("prochaine étape", max_length=255, blank=True)
    next_step_on = models.DateField("date de la prochaine étape", null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent chargé",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_email = models.EmailField("invitation envoyée à", blank=True)
    invited_at = models.DateTimeField("invitation envoyée le", null=True, blank=True)
    last_activity_at = models.DateTimeField("dernière action le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "cible de prospection"
        verbose_name_plural = "cibles de prospection"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["departement", "stage", "name"], name="target_pipeline"),
            models.Index(fields=["departement", "population"], name="target_population"),
            models.Index(fields=["assigned_to", "next_step_on"], name="target_next_step"),
            models.Index(fields=["match_key"], name="target_match"),
            models.Index(fields=["siret"], name="target_siret", condition=~Q(siret="")),
            models.Index(fields=["siren"], name="target_siren", condition=~Q(siren="")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune.label})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.match_key = match_key(self.name, self.commune.code)
        self.departement_id = self.commune.departement_id
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def is_abandoned(self) -> bool:
        return self.stage == Stage.ABANDONED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.next_step_on is not None and self.next_step_on < timezone.localdate()


class StageChange(models.Model):
    """The stage history: every move, by a referent or by the platform itself (« automatic »)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("étape quittée", max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField("étape", max_length=16, choices=Stage.choices)
    at = models.DateTimeField("le", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    automatic = models.BooleanField("par la plateforme", default=False)
    note = models.CharField("motif", max_length=255, blank=True)

    class Meta:
        verbose_name = "changement d'étape"
        verbose_name_plural = "changements d'étape"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_to_stage_display()} le {self.at:%d/%m/%Y}"


class Contact(models.Model):
    """A person at the target, professional details only (no private address, no birth date)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("nom", max_length=150)
    function = models.CharField("fonction", max_length=150, blank=True)
    email = models.EmailField("adresse électronique professionnelle", blank=True)
    phone = models.CharField("téléphone professionnel", max_length=30, blank=True)
    created_at = models.DateTimeField("ajouté le", default=timezone.now)

    class Meta:
        verbose_name = "contact"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.function}" if self.function else self.name


class Interaction(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField("type", max_length=16, choices=InteractionKind.choices)
    happened_on = models.DateField("date")
    summary = models.TextField("compte rendu", max_length=4000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("saisi le", default=timezone.now)

    class Meta:
        verbose_name = "échange"
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.happened_on:%d/%m/%Y}"


class Objective(models.Model):
    """A year's objective set by the agency, for a département or for a referent (over their
    départements), measured by the statistics' indicators (tig/prospecting/objectives.py)."""

    year = models.PositiveSmallIntegerField("année")
    metric = models.CharField("indicateur", max_length=16, choices=ObjectiveMetric.choices)
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objectives",
    )
    target = models.PositiveIntegerField("objectif")
    # For « new hosts »: the hosts counted when the objective was set, that the progress starts from.
    baseline = models.PositiveIntegerField("valeur de départ", default=0)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="fixé par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField("fixé le", default=timezone.now)

    class Meta:
        verbose_name = "objectif"
        ordering = ["-year", "departement_id", "referent_id", "metric"]
        constraints = [
            models.CheckConstraint(
                condition=Q(departement__isnull=False, referent__isnull=True)
                | Q(departement__isnull=True, referent__isnull=False),
                name="objective_one_scope",
            ),
            models.UniqueConstraint(
                fields=["year", "metric", "departement"],
                condition=Q(departement__isnull=False),
                name="objective_departement_unique",
            ),
            models.UniqueConstraint(
                fields=["year", "metric", "referent"],
                condition=Q(referent__isnull=False),
                name="objective_referent_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = f"département {self.departement_id}" if self.departement_id else str(self.referent)
        return f"{self.get_metric_display()} {self.year}, {scope} : {self.target}"


def target_document_path(instance: "TargetDocument", filename: str) -> str:
    # The name given by the sender is never used on disk.
    return f"prospection/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class TargetDocument(models.Model):
    """A document kept with a target (a presentation left with the town hall, a signed letter of
    intent), stored like the files' documents: outside the static root, served by a view that
    checks access (tig/prospecting/views.py)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("intitulé", max_length=150)
    file = models.FileField("fichier", storage=private_storage, upload_to=target_document_path, max_length=200)
    original_name = models.CharField("nom du fichier", max_length=120)
    content_type = models.CharField("type", max_length=40)
    size = models.PositiveIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)

    class Meta:
        verbose_name = "document d'une cible"
        verbose_name_plural = "documents des cibles"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.original_name})"
