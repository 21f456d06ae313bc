"""The national partnerships (docs/regles.md, P11): a partner, its agreements with the agency, its
network of host organisations (its local branches), its objectives per département, the local
actions referents lead to carry an agreement, and the partner's coordinators."""

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tig.accounts.models import Invitation
from tig.habilitations.models import private_storage
from tig.organisations.models import Organisation
from tig.organisations.validators import validate_siren
from tig.partnerships.enums import ActionKind, AgreementState, LinkMethod, PartnerKind, Renewal
from tig.territories.models import Departement


class Partner(models.Model):
    name = models.CharField("nom", max_length=150, unique=True)
    siren = models.CharField(
        "SIREN",
        max_length=9,
        blank=True,
        validators=[validate_siren],
        help_text="Les structures dont le SIRET commence par ce numéro rejoignent son réseau d'elles-mêmes.",
    )
    kind = models.CharField("nature", max_length=32, choices=PartnerKind.choices)
    website = models.URLField("site internet", blank=True)
    description = models.TextField("présentation", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "partenaire national"
        verbose_name_plural = "partenaires nationaux"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siren"],
                condition=~Q(siren=""),
                name="partner_siren_unique",
                violation_error_message="Un autre partenaire porte déjà ce SIREN.",
            )
        ]

    def __str__(self) -> str:
        return self.name


def agreement_document_path(instance: "Agreement", filename: str) -> str:
    # The name given by the sender is never used on disk.
    return f"partenariats/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Agreement(models.Model):
    """An agreement (« accord-cadre », « convention d'objectifs ») between the agency and a partner."""

    partner = models.ForeignKey(Partner, verbose_name="partenaire", on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField("intitulé", max_length=200)
    signed_on = models.DateField("signée le")
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    renewal = models.CharField("renouvellement", max_length=16, choices=Renewal.choices, default=Renewal.AMENDMENT)
    signatories = models.TextField("signataires", help_text="Une personne et sa qualité par ligne.")
    objectives = models.TextField("objectifs", blank=True)
    agency_commitments = models.TextField("engagements de l'ATIGIP", blank=True, help_text="Un engagement par ligne.")
    partner_commitments = models.TextField(
        "engagements du partenaire", blank=True, help_text="Un engagement par ligne."
    )
    target_posts = models.PositiveIntegerField(
        "objectif de postes (France)", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    target_places = models.PositiveIntegerField(
        "objectif de places (France)", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    # The signed text, stored like the files' documents (outside the static root, served by a view).
    file = models.FileField(
        "convention signée", storage=private_storage, upload_to=agreement_document_path, max_length=200, blank=True
    )
    original_name = models.CharField("nom du fichier", max_length=120, blank=True)
    content_type = models.CharField("type", max_length=40, blank=True)
    size = models.PositiveIntegerField("taille (octets)", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("saisie le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "convention"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message="La fin de la convention suit son début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.title}"

    def state(self, today: date | None = None) -> AgreementState:
        today = today or timezone.localdate()
        if today < self.starts_on:
            return AgreementState.UPCOMING
        if today > self.ends_on:
            return AgreementState.EXPIRED
        if self.ends_on - today <= timedelta(days=settings.PARTNERSHIP_EXPIRY_NOTICE_DAYS):
            return AgreementState.EXPIRING
        return AgreementState.IN_FORCE

    @property
    def agency_commitment_list(self) -> list[str]:
        return [line.strip() for line in self.agency_commitments.splitlines() if line.strip()]

    @property
    def partner_commitment_list(self) -> list[str]:
        return [line.strip() for line in self.partner_commitments.splitlines() if line.strip()]

    @property
    def signatory_list(self) -> list[str]:
        return [line.strip() for line in self.signatories.splitlines() if line.strip()]


def current_agreement(agreements: Iterable[Agreement], today: date) -> Agreement | None:
    """The agreement that governs today: in force, else the next to come, else the last one."""
    ordered = sorted(agreements, key=lambda agreement: (agreement.starts_on, agreement.pk))
    running = [agreement for agreement in ordered if agreement.starts_on <= today <= agreement.ends_on]
    if running:
        return running[-1]
    upcoming = [agreement for agreement in ordered if agreement.starts_on > today]
    return upcoming[0] if upcoming else (ordered[-1] if ordered else None)


class Branch(models.Model):
    """A host organisation in a partner's network (one partner at most per organisation)."""

    partner = models.ForeignKey(Partner, verbose_name="partenaire", on_delete=models.CASCADE, related_name="branches")
    organisation = models.OneToOneField(
        Organisation, verbose_name="structure d'accueil", on_delete=models.CASCADE, related_name="partner_branch"
    )
    method = models.CharField("rattachement", max_length=16, choices=LinkMethod.choices)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="rattachée par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField("rattachée le", default=timezone.now)

    class Meta:
        verbose_name = "établissement d'un partenaire"
        verbose_name_plural = "établissements des partenaires"

    def __str__(self) -> str:
        return f"{self.organisation} ({self.partner})"


class Exclusion(models.Model):
    """An organisation taken out of a partner's network by hand, that its SIREN must not bring back."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="exclusions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "établissement retiré d'un réseau"
        verbose_name_plural = "établissements retirés d'un réseau"
        constraints = [models.UniqueConstraint(fields=["partner", "organisation"], name="exclusion_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} hors du réseau de {self.partner}"


class DepartementObjective(models.Model):
    """What a partner's network is to offer in a département, set by the agency."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="objectives")
    departement = models.ForeignKey(Departement, verbose_name="département", on_delete=models.PROTECT, related_name="+")
    posts = models.PositiveIntegerField("postes", null=True, blank=True)
    places = models.PositiveIntegerField("places", null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "objectif d'un partenaire dans un département"
        verbose_name_plural = "objectifs des partenaires par département"
        constraints = [
            models.UniqueConstraint(fields=["partner", "departement"], name="partner_objective_unique"),
            models.CheckConstraint(
                condition=Q(posts__isnull=False) | Q(places__isnull=False),
                name="partner_objective_not_empty",
                violation_error_message="Indiquez un objectif de postes, de places, ou les deux.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.departement_id}"


class LocalAction(models.Model):
    """What a referent did in a département to carry a partner's agreement."""

    partner = models.ForeignKey(Partner, verbose_name="partenaire", on_delete=models.CASCADE, related_name="actions")
    departement = models.ForeignKey(Departement, verbose_name="département", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("nature", max_length=16, choices=ActionKind.choices)
    title = models.CharField("intitulé", max_length=200)
    happened_on = models.DateField("date")
    participants = models.PositiveIntegerField(
        "participants", null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    notes = models.TextField("compte rendu", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="saisie par", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "action locale"
        verbose_name_plural = "actions locales"
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.happened_on:%d/%m/%Y})"


class Coordinator(models.Model):
    """The account of a partner's coordinator: it reads its network's aggregated figures only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordination")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="coordinators")

    class Meta:
        verbose_name = "coordinateur d'un partenaire"
        verbose_name_plural = "coordinateurs des partenaires"

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"


class CoordinatorInvitation(models.Model):
    """The partner an invitation of a coordinator opens; accepting it makes the `Coordinator`."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, primary_key=True, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.invitation.email} ({self.partner})"
