"""Files (dossiers) of habilitation and registration, with their opinions, documents, people
and timeline."""

import os
import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.functional import cached_property

from tig.accounts.models import Service, User
from tig.habilitations import clock
from tig.habilitations.enums import (
    DECIDER_ROLE,
    GRANTED_LABEL,
    HABILITATION_KINDS,
    OPINION_DELAY,
    OPINION_DELAY_MONTHS,
    REFERENCE_PREFIX,
    Audience,
    DocumentKind,
    DossierKind,
    DossierStatus,
    EventAction,
    OpinionAuthority,
    PersonRole,
    Verdict,
)
from tig.organisations.models import Organisation
from tig.organisations.perms import administered_organisations
from tig.posts.models import Post, PostRevision
from tig.territories.models import Departement


class DossierQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """Files a user may open (tig.habilitations.perms.can_read is the same rule, for one file)."""
        if user.is_national_admin:
            return self
        if user.is_host_staff:
            admin_of = administered_organisations(user)
            return self.filter(organisation_id__in=admin_of)
        if user.is_referent:
            return self.filter(departement_id__in=user.referent_departement_codes)
        if user.decision_departement_code:
            return self.filter(departement_id=user.decision_departement_code).exclude(status=DossierStatus.DRAFT)
        if user.is_prosecutor or user.is_jap:
            return self.filter(tribunal_id=user.service_id, opinions_requested_at__isnull=False)
        return self.none()

    def waiting_for(self, user: User):
        """The files on which the user's action is expected (« dossiers en attente de ma part »)."""
        if user.is_host_staff:
            admin_of = administered_organisations(user)
            return self.filter(
                organisation_id__in=admin_of,
                status__in=[DossierStatus.DRAFT, DossierStatus.CHANGES_REQUESTED],
            )
        if user.is_referent:
            return self.filter(departement_id__in=user.referent_departement_codes, status=DossierStatus.SUBMITTED)
        if user.decision_departement_code:
            audience = next(audience for audience, role in DECIDER_ROLE.items() if role == user.role)
            return self.filter(
                departement_id=user.decision_departement_code,
                audience=audience,
                status=DossierStatus.OPINIONS_REQUESTED,
            )
        if user.is_prosecutor or user.is_jap:
            authority = OpinionAuthority.PROSECUTOR if user.is_prosecutor else OpinionAuthority.JAP
            given = Opinion.objects.filter(dossier=OuterRef("pk"), authority=authority)
            return self.filter(tribunal_id=user.service_id, status=DossierStatus.OPINIONS_REQUESTED).exclude(
                Exists(given)
            )
        return self.none()

    def habilitations_valid_on(self, day: date):
        return self.filter(
            kind__in=HABILITATION_KINDS, status=DossierStatus.GRANTED, valid_from__lte=day, valid_until__gte=day
        )


class Dossier(models.Model):
    kind = models.CharField("procédure", max_length=16, choices=DossierKind.choices)
    audience = models.CharField("public accueilli", max_length=8, choices=Audience.choices, default=Audience.ADULTS)
    status = models.CharField("état", max_length=24, choices=DossierStatus.choices, default=DossierStatus.DRAFT)
    organisation = models.ForeignKey(
        Organisation, verbose_name="structure", on_delete=models.PROTECT, related_name="dossiers"
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département où le travail est effectué",
        on_delete=models.PROTECT,
        related_name="+",
    )
    post = models.ForeignKey(
        Post, verbose_name="poste", on_delete=models.PROTECT, null=True, blank=True, related_name="dossiers"
    )
    # A private host not yet habilitated files its first registration together with its habilitation request.
    habilitation = models.ForeignKey(
        "self",
        verbose_name="demande d'habilitation jointe",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    renewal_of = models.ForeignKey(
        "self",
        verbose_name="habilitation renouvelée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
    )
    tribunal = models.ForeignKey(
        Service,
        verbose_name="tribunal judiciaire consulté",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The registration of changes to a post already registered (tig.posts: R16).
    revision = models.ForeignKey(
        PostRevision,
        verbose_name="modification d'un poste inscrit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    presentation = models.TextField("présentation", blank=True)
    places = models.PositiveSmallIntegerField("nombre de places", null=True, blank=True)
    prefect_consulted = models.BooleanField("préfet consulté", default=False)
    # Empty for the habilitations taken over from the paper procedure.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    status_changed_at = models.DateTimeField("dernier changement d'état", default=timezone.now)
    submitted_at = models.DateTimeField("déposé le", null=True, blank=True)
    opinions_requested_at = models.DateTimeField("avis demandés le", null=True, blank=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField("motifs de la décision", blank=True)
    valid_from = models.DateField("valable du", null=True, blank=True)
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    withdrawal_reason = models.TextField("motifs du retrait", blank=True)
    # Keys of the reminders already sent ("6", "1": months before the end; "ended").
    reminders_sent = models.JSONField("rappels envoyés", default=list, blank=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["departement", "status"], name="dossier_departement_status"),
            models.Index(fields=["tribunal", "status"], name="dossier_tribunal_status"),
            models.Index(fields=["kind", "status", "valid_until"], name="dossier_validity"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.get_kind_display()} — {self.organisation}"

    @property
    def reference(self) -> str:
        return f"{REFERENCE_PREFIX[self.kind]}-{self.created_at:%Y}-{self.pk:06d}"

    @property
    def is_registration(self) -> bool:
        return self.kind == DossierKind.REGISTRATION

    @property
    def is_radiation(self) -> bool:
        return self.kind == DossierKind.RADIATION

    @property
    def for_minors(self) -> bool:
        return self.audience == Audience.MINORS

    @property
    def due_label(self) -> str:
        """What the file waits for, or until when it holds (the lists' « Échéance » column)."""
        if self.status == DossierStatus.OPINIONS_REQUESTED:
            return self.clock_label
        if self.status == DossierStatus.SUBMITTED and self.submitted_at:
            return f"À examiner (déposé le {timezone.localtime(self.submitted_at):%d/%m/%Y})"
        if self.status == DossierStatus.CHANGES_REQUESTED:
            return "À compléter par la structure"
        if self.status == DossierStatus.DRAFT:
            return "À déposer"
        if self.valid_until:
            return f"Valable jusqu'au {self.valid_until:%d/%m/%Y}"
        return "—"

    @property
    def is_habilitation(self) -> bool:
        return self.kind in HABILITATION_KINDS

    @property
    def status_label(self) -> str:
        if self.status == DossierStatus.GRANTED:
            if self.is_habilitation and self.valid_until and self.valid_until < timezone.localdate():
                return "Habilitation expirée"
            return GRANTED_LABEL[self.kind]
        return self.get_status_display()

    @property
    def decider_role(self):
        return DECIDER_ROLE[self.audience]

    @property
    def decider_title(self) -> str:
        return "directeur territorial de la PJJ" if self.audience == Audience.MINORS else "directeur du SPIP"

    # The legal clock.
    @property
    def decidable_from(self) -> date | None:
        """First day the decision may be taken even if an opinion is missing."""
        if self.opinions_requested_at is None:
            return None
        requested_on = timezone.localdate(self.opinions_requested_at)
        if self.kind in OPINION_DELAY_MONTHS:
            return clock.decidable_from(requested_on, months=OPINION_DELAY_MONTHS[self.kind])
        return clock.decidable_from(requested_on, delay=OPINION_DELAY[self.kind])

    @cached_property
    def opinions_by_authority(self) -> dict[str, "Opinion"]:
        return {opinion.authority: opinion for opinion in self.opinions.all()}

    @property
    def opinions_complete(self) -> bool:
        return all(authority in self.opinions_by_authority for authority in OpinionAuthority)

    def clock_allows_decision(self, today: date | None = None) -> bool:
        if self.status != DossierStatus.OPINIONS_REQUESTED:
            return False
        today = today or timezone.localdate()
        return self.opinions_complete or today >= self.decidable_from

    @property
    def clock_label(self) -> str:
        """The legal clock in plain French, for the file and the lists."""
        if self.status != DossierStatus.OPINIONS_REQUESTED:
            return ""
        if self.opinions_complete:
            return "Les deux avis sont rendus : la décision est possible."
        day = self.decidable_from
        if timezone.localdate() >= day:
            return f"Décision possible depuis le {day:%d/%m/%Y}, même sans tous les avis."
        return f"Décision possible à partir du {day:%d/%m/%Y}, ou dès que les deux avis sont rendus."

    @property
    def is_valid_habilitation(self) -> bool:
        today = timezone.localdate()
        return (
            self.is_habilitation
            and self.status == DossierStatus.GRANTED
            and self.valid_from is not None
            and self.valid_from <= today <= self.valid_until
        )


class Opinion(models.Model):
    """A reasoned opinion of the prosecutor or the JAP of the competent tribunal (R. 623-3)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="opinions")
    authority = models.CharField("autorité", max_length=16, choices=OpinionAuthority.choices)
    verdict = models.CharField("avis", max_length=16, choices=Verdict.choices)
    reason = models.TextField("motifs")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="rendu par", on_delete=models.PROTECT)
    given_at = models.DateTimeField("rendu le", default=timezone.now)

    class Meta:
        verbose_name = "avis"
        verbose_name_plural = "avis"
        constraints = [models.UniqueConstraint(fields=["dossier", "authority"], name="opinion_once_per_authority")]

    def __str__(self) -> str:
        return f"Avis {self.get_verdict_display().lower()} — {self.get_authority_display()}"


class PrivateStorage(FileSystemStorage):
    """Documents live outside the static root (settings.PRIVATE_MEDIA_ROOT, read at each use)
    and are served only by a view that checks access: no URL of their own."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Les pièces des dossiers n'ont pas d'adresse publique.")


private_storage = PrivateStorage()


def document_path(instance, filename: str) -> str:
    # The name given by the sender is never used on disk.
    return f"dossiers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Document(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("pièce", max_length=24, choices=DocumentKind.choices)
    file = models.FileField("fichier", storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField("nom du fichier", max_length=120)
    content_type = models.CharField("type", max_length=40)
    size = models.PositiveIntegerField("taille (octets)")
    issued_on = models.DateField("date de délivrance", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", on_delete=models.PROTECT, null=True, blank=True
    )
    uploaded_at = models.DateTimeField("déposé le", default=timezone.now)

    class Meta:
        verbose_name = "pièce"
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"


class Person(models.Model):
    """Board members of an applicant, or the people responsible for a post (R. 623-2, R. 623-8)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="people")
    role = models.CharField("qualité", max_length=24, choices=PersonRole.choices)
    last_name = models.CharField("nom", max_length=100)
    first_names = models.CharField("prénoms", max_length=150)
    birth_date = models.DateField("date de naissance")
    birth_place = models.CharField("lieu de naissance", max_length=150)
    nationality = models.CharField("nationalité", max_length=60, blank=True)
    function = models.CharField("fonction", max_length=100)

    class Meta:
        verbose_name = "personne"
        ordering = ["last_name", "first_names"]

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_name} ({self.function})"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    @property
    def is_board_member(self) -> bool:
        return self.role == PersonRole.BOARD_MEMBER


class Event(models.Model):
    """The file's timeline: who did what, when."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("le", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, blank=True
    )
    action = models.CharField("action", max_length=24, choices=EventAction.choices)
    message = models.TextField("message", blank=True)

    audited = False  # the timeline is itself a trace; the audit log has the file's changes

    class Meta:
        verbose_name = "étape"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"


class PrefectureContact(models.Model):
    """Where the prefecture of a département receives consultations and decisions."""

    departement = models.OneToOneField(
        Departement, verbose_name="département", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    email = models.EmailField("adresse de la préfecture")

    class Meta:
        verbose_name = "contact de préfecture"
        verbose_name_plural = "contacts des préfectures"

    def __str__(self) -> str:
        return f"Préfecture {self.departement_id} <{self.email}>"
