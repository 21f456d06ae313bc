"""Host organisations (structures d'accueil), their members and their sign-ups."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from tig.accounts.models import Invitation, User, hash_token
from tig.organisations.enums import PUBLIC_LEGAL_TYPES, LegalType, MembershipRole
from tig.organisations.validators import validate_siret
from tig.territories.models import Commune, Departement


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """Organisations whose page the user may open: everything for justice users,
        lawyers, referents and national admins; their own for host staff; none for a partner's
        coordinator (its figures only)."""
        if user.is_host_staff:
            return self.filter(pk__in=user.organisation_roles)
        return self if user.works_on_platform else self.none()

    def listed_for(self, user: User):
        """The list of organisations a user is shown (tig.organisations.perms.can_list_organisations):
        all for the agency, those of their départements for a referent, their own for host staff."""
        if user.is_national_admin:
            return self
        if user.is_referent:
            return self.in_departements(user.referent_departement_codes)
        if user.is_host_staff:
            return self.filter(pk__in=user.organisation_roles)
        return self.none()

    def in_departements(self, codes):
        return self.filter(commune__departement_id__in=codes)


class Organisation(models.Model):
    name = models.CharField("nom", max_length=200)
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    legal_type = models.CharField("statut juridique", max_length=32, choices=LegalType.choices)
    address = models.CharField("adresse", max_length=255)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "structure d'accueil"
        verbose_name_plural = "structures d'accueil"
        ordering = ["name"]
        # The list of the organisations, a page at a time in this order, without sorting them all.
        indexes = [models.Index(fields=["name", "id"], name="organisation_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def departement_id(self) -> str:
        return self.commune.departement_id

    @property
    def is_public_body(self) -> bool:
        return self.legal_type in PUBLIC_LEGAL_TYPES

    @property
    def habilitation_required(self) -> bool:
        """Private bodies need a habilitation; public bodies hold one by right (docs/regles.md, R2)."""
        return self.legal_type not in PUBLIC_LEGAL_TYPES


def organisation_admins(organisation_id: int):
    """The active administrators of an organisation: who hears of its files and posts."""
    return User.objects.filter(
        memberships__organisation_id=organisation_id, memberships__role=MembershipRole.ADMIN, is_active=True
    )


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=16, choices=MembershipRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membre"
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class MembershipInvitation(models.Model):
    """What an invitation of host-organisation staff opens: the organisation and the role in
    it. Accepting the invitation makes the membership (organisations.services)."""

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, primary_key=True, related_name="membership_offer"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField("rôle dans la structure", max_length=16, choices=MembershipRole.choices)

    class Meta:
        verbose_name = "invitation dans une structure"
        verbose_name_plural = "invitations dans une structure"

    def __str__(self) -> str:
        return f"{self.invitation.email} — {self.organisation} ({self.get_role_display()})"


class ProposalQuerySet(models.QuerySet):
    def pending(self) -> "ProposalQuerySet":
        return self.filter(answered_at__isnull=True, expires_at__gt=timezone.now())


class MembershipProposal(models.Model):
    """Access to an organisation offered to an existing account: it becomes a membership only
    when its holder accepts (an administrator cannot attach someone else's account at once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.CASCADE, related_name="membership_proposals"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="proposals")
    role = models.CharField("rôle dans la structure", max_length=16, choices=MembershipRole.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="proposé par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("proposé le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    accepted = models.BooleanField("acceptée", null=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition d'accès à une structure"
        verbose_name_plural = "propositions d'accès à une structure"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(answered_at__isnull=True),
                name="membership_proposal_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class ExperimentQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class SocieteAMissionExperiment(models.Model):
    """A département where sociétés à mission may host TIG, for a dated period (docs/regles.md, R3).

    Kept as data, edited by the agency in the administration: the lists change by arrêté."""

    # No database constraint: the rows are loaded by a migration, before the reference geography.
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    starts_on = models.DateField("du")
    ends_on = models.DateField("au")
    legal_basis = models.CharField("texte", max_length=200)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        verbose_name = "département de l'expérimentation « sociétés à mission »"
        verbose_name_plural = "départements de l'expérimentation « sociétés à mission »"
        ordering = ["-starts_on", "departement_id"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "starts_on"], name="experiment_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="experiment_dates_ordered",
                violation_error_message="La fin de la période ne peut précéder son début.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.departement_id} ({self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y})"


def societe_a_mission_allowed(departement_code: str, day=None) -> bool:
    day = day or timezone.localdate()
    return SocieteAMissionExperiment.objects.open_on(day).filter(departement_id=departement_code).exists()


class SignUpQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class SignUp(models.Model):
    """An organisation's sign-up, waiting for its first administrator to confirm their
    e-mail address. Nothing else exists before that: the confirmation creates the
    organisation, the account and the membership, then deletes this row; an unconfirmed
    sign-up is purged once expired. Only a hash of the password and of the token is kept."""

    name = models.CharField("nom de la structure", max_length=200)
    siret = models.CharField("SIRET", max_length=14, validators=[validate_siret])
    legal_type = models.CharField("statut juridique", max_length=32, choices=LegalType.choices)
    address = models.CharField("adresse", max_length=255)
    commune = models.ForeignKey(Commune, verbose_name="commune du siège", on_delete=models.CASCADE, related_name="+")
    organisation_email = models.EmailField("adresse électronique de la structure", blank=True)
    organisation_phone = models.CharField("téléphone de la structure", max_length=20, blank=True)
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    email = models.EmailField("votre adresse électronique")
    phone = models.CharField("votre téléphone", max_length=20, blank=True)
    password = models.CharField(max_length=128, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    objects = SignUpQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription à confirmer"
        verbose_name_plural = "inscriptions à confirmer"
        indexes = [models.Index(fields=["expires_at"], name="signup_expiry")]

    def __str__(self) -> str:
        return f"{self.name} ({self.siret})"

    def issue_token(self) -> str:
        """A fresh token and validity; return the token, whose only copy goes in the e-mail."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + timedelta(hours=settings.SIGNUP_VALIDITY_HOURS)
        return token

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
