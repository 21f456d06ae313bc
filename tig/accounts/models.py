"""Users, their role and their scope; justice services; invitations; failed logins."""

import hashlib
import secrets
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tig.accounts.enums import (
    DECIDER_ROLES,
    PLATFORM_ROLES,
    SERVICE_KIND_OF_ROLE,
    SPIP_ROLES,
    MagistrateFunction,
    Role,
    ServiceKind,
)
from tig.territories.models import Commune, Departement


class Service(models.Model):
    """A justice body users belong to: a SPIP or a tribunal judiciaire, in one département."""

    kind = models.CharField("type", max_length=16, choices=ServiceKind.choices)
    name = models.CharField("nom", max_length=150)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="services")
    # Where the court or the service sits: the search starts there (« Mâcon » for a Mâcon judge).
    commune = models.ForeignKey(
        Commune, verbose_name="commune du siège", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField("adresse fonctionnelle", blank=True)
    # A tribunal's area (« ressort »): no open data gives it, the agency keeps it (manage.py
    # load_ressorts, or the technical administration). The prospecting's white zones read it.
    communes = models.ManyToManyField(
        Commune,
        verbose_name="communes du ressort",
        blank=True,
        related_name="+",
        help_text="Pour un tribunal judiciaire : les communes de son ressort.",
    )

    class Meta:
        verbose_name = "service"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="service_unique_name")]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(role=Role.NATIONAL_ADMIN, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    role = models.CharField("rôle", max_length=32, choices=Role.choices)
    magistrate_function = models.CharField("fonction", max_length=16, choices=MagistrateFunction.choices, blank=True)
    service = models.ForeignKey(
        Service,
        verbose_name="service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    departements = models.ManyToManyField(
        Departement, verbose_name="départements suivis", blank=True, related_name="referents"
    )
    bar = models.CharField("barreau", max_length=100, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def audit_label(self) -> str:
        return f"{self.get_full_name()} <{self.email}>"

    def clean(self):
        super().clean()
        self.email = self.email.lower()
        expected_kind = SERVICE_KIND_OF_ROLE.get(self.role)
        if expected_kind and (self.service is None or self.service.kind != expected_kind):
            raise ValidationError(
                {"service": f"Ce rôle doit être rattaché à un service de type « {expected_kind.label} »."}
            )
        if not expected_kind and self.service_id:
            raise ValidationError({"service": "Ce rôle n'est rattaché à aucun service."})
        if (self.role == Role.MAGISTRATE) != bool(self.magistrate_function):
            raise ValidationError(
                {
                    "magistrate_function": "La fonction est à indiquer pour les magistrats et greffiers, et seulement pour eux."
                }
            )

    # Role tests, used by perms.py modules and templates.
    @property
    def is_national_admin(self) -> bool:
        return self.role == Role.NATIONAL_ADMIN

    @property
    def is_referent(self) -> bool:
        return self.role == Role.REFERENT

    @property
    def is_spip_staff(self) -> bool:
        return self.role in SPIP_ROLES

    @property
    def is_pjj_director(self) -> bool:
        return self.role == Role.PJJ_DIRECTOR

    @property
    def decision_departement_code(self) -> str | None:
        """The département whose files a SPIP or PJJ director decides (that of their service)."""
        if self.role in DECIDER_ROLES and self.service_id:
            return self.service.departement_id
        return None

    @property
    def is_prosecutor(self) -> bool:
        return self.role == Role.MAGISTRATE and self.magistrate_function == MagistrateFunction.PROSECUTOR

    @property
    def is_jap(self) -> bool:
        return self.role == Role.MAGISTRATE and self.magistrate_function == MagistrateFunction.JAP

    @property
    def is_magistrate(self) -> bool:
        return self.role == Role.MAGISTRATE

    @property
    def is_lawyer(self) -> bool:
        return self.role == Role.LAWYER

    @property
    def is_host_staff(self) -> bool:
        return self.role == Role.HOST_STAFF

    @property
    def is_partner_coordinator(self) -> bool:
        return self.role == Role.PARTNER_COORDINATOR

    @property
    def works_on_platform(self) -> bool:
        """A role that works with the posts, the organisations and the files (every role but the
        partner coordinator's)."""
        return self.role in PLATFORM_ROLES

    @property
    def follows_measures(self) -> bool:
        """SPIP staff and PJJ directors (of a service), JAPs: who may open the measures."""
        return ((self.is_spip_staff or self.is_pjj_director) and self.service_id is not None) or self.is_jap

    @property
    def can_search_posts(self) -> bool:
        return self.is_active and self.works_on_platform

    @cached_property
    def referent_departement_codes(self) -> frozenset[str]:
        """The départements a referent follows (empty for every other role)."""
        if not self.is_referent:
            return frozenset()
        return frozenset(self.departements.values_list("code", flat=True))

    @cached_property
    def organisation_roles(self) -> dict[int, str]:
        """{organisation id: membership role} for host-organisation staff."""
        if not self.is_host_staff:
            return {}
        return dict(self.memberships.values_list("organisation_id", "role"))


def departement_referents(departement_code: str):
    """The active referents who follow a département."""
    return User.objects.filter(role=Role.REFERENT, departements=departement_code, is_active=True)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An account offered to someone by a national admin or a referent, or by an
    organisation's administrator (tig.organisations keeps which organisation it opens); it
    expires. Only a hash of the token is stored: the link in the e-mail is the only copy."""

    email = models.EmailField("adresse électronique")
    first_name = models.CharField("prénom", max_length=150)
    last_name = models.CharField("nom", max_length=150)
    role = models.CharField("rôle", max_length=32, choices=Role.choices)
    magistrate_function = models.CharField("fonction", max_length=16, choices=MagistrateFunction.choices, blank=True)
    service = models.ForeignKey(Service, verbose_name="service", on_delete=models.CASCADE, null=True, blank=True)
    departements = models.ManyToManyField(Departement, verbose_name="départements suivis", blank=True)
    bar = models.CharField("barreau", max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invité par",
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation de {self.email} ({self.get_role_display()})"

    def issue_token(self) -> str:
        """Give the invitation a fresh token and validity; return the token for the e-mail."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS)
        return token

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and not self.is_expired


class LoginFailure(models.Model):
    """A failed login, counted to lock an address out for a while after repeated failures."""

    email = models.EmailField()
    at = models.DateTimeField(default=timezone.now)

    audited = False  # a security trace of its own, purged on success

    class Meta:
        verbose_name = "échec de connexion"
        indexes = [models.Index(fields=["email", "at"], name="login_failure_recent")]

    def __str__(self) -> str:
        return f"{self.email} {self.at:%d/%m/%Y %H:%M}"
