from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from tig.accounts import lockout
from tig.accounts.enums import SERVICE_KIND_OF_ROLE, Role
from tig.accounts.models import Invitation, Service, User
from tig.accounts.perms import invitable_roles, invitation_services
from tig.accounts.tasks import send_password_reset
from tig.core.forms import BaseForm, BaseModelForm, DsfrFormMixin
from tig.territories.enums import Zone
from tig.territories.models import Departement


class LoginForm(DsfrFormMixin, AuthenticationForm):
    """E-mail and password; the address is locked for a while after repeated failures."""

    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
        "locked": (
            "Trop de tentatives de connexion ont échoué pour cette adresse. Réessayez après %(time)s, "
            "ou réinitialisez votre mot de passe."
        ),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Adresse électronique"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})
        self.fields["password"].label = "Mot de passe"

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        until = lockout.attempt(email) if email else None
        if until is not None:
            time = formats.time_format(timezone.localtime(until), "H:i")
            raise ValidationError(self.error_messages["locked"], code="locked", params={"time": time})
        # The attempt stays counted as a failure unless the password is right.
        cleaned = super().clean()
        if self.user_cache is not None:
            lockout.clear_failures(email)
        return cleaned


class TaskPasswordResetForm(DsfrFormMixin, PasswordResetForm):
    """Django's password reset, the e-mail (and its link) made by a background task.

    The answer is the same whether or not the address has an account."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Adresse électronique"

    def save(self, **kwargs) -> None:
        for user in self.get_users(self.cleaned_data["email"].lower()):
            send_password_reset.enqueue(user.pk)


class DsfrSetPasswordForm(DsfrFormMixin, SetPasswordForm):
    pass


class InvitationForm(BaseModelForm):
    """An invitation from the invitation page: every role but host staff, who are invited
    from their organisation's page."""

    class Meta:
        model = Invitation
        fields = [
            "email",
            "first_name",
            "last_name",
            "role",
            "magistrate_function",
            "service",
            "departements",
            "bar",
        ]
        help_texts = {
            "magistrate_function": "Pour un magistrat ou un greffier.",
            "service": "Le SPIP d'un directeur ou d'un conseiller, le tribunal d'un magistrat ou d'un greffier.",
            "departements": "Pour un référent territorial.",
            "bar": "Pour un avocat.",
        }

    def __init__(self, *args, inviter, **kwargs) -> None:
        self.inviter = inviter
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choisir un rôle")] + [(r.value, r.label) for r in invitable_roles(inviter)]
        self.fields["service"].queryset = invitation_services(inviter).select_related("departement")
        self.fields["departements"].queryset = Departement.objects.exclude(zone=Zone.COM)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise ValidationError("Un compte existe déjà pour cette adresse.")
        if Invitation.objects.pending().filter(email=email).exists():
            raise ValidationError("Une invitation est déjà en attente pour cette adresse.")
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if not role:
            return cleaned
        expected_kind = SERVICE_KIND_OF_ROLE.get(role)
        service: Service | None = cleaned.get("service")
        if expected_kind and (service is None or service.kind != expected_kind):
            self.add_error("service", f"Choisissez un service de type « {expected_kind.label} ».")
        elif not expected_kind:
            cleaned["service"] = None
        if role == Role.MAGISTRATE and not cleaned.get("magistrate_function"):
            self.add_error("magistrate_function", "Indiquez la fonction du magistrat ou du greffier.")
        elif role != Role.MAGISTRATE:
            cleaned["magistrate_function"] = ""
        if role == Role.REFERENT and not cleaned.get("departements"):
            self.add_error("departements", "Indiquez au moins un département suivi par le référent.")
        elif role != Role.REFERENT:
            cleaned["departements"] = []
        if role == Role.LAWYER and not cleaned.get("bar"):
            self.add_error("bar", "Indiquez le barreau de l'avocat.")
        return cleaned

    def invitation(self) -> Invitation:
        """The invitation described, unsaved (tig.accounts.services.send records it)."""
        invitation = super().save(commit=False)
        invitation.created_by = self.inviter
        invitation.magistrate_function = self.cleaned_data["magistrate_function"]
        invitation.service = self.cleaned_data["service"]
        return invitation


def new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    """The two fields of a new password, declared in a form's body: `password1, password2 = …`."""
    return (
        forms.CharField(
            label="Mot de passe",
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text="Au moins 12 caractères, pas uniquement des chiffres ni un mot de passe courant.",
            strip=False,
        ),
        forms.CharField(
            label="Confirmation du mot de passe",
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            strip=False,
        ),
    )


def check_new_password(form: forms.Form, email: str) -> None:
    """The two passwords match and pass Django's validators, judged against the person's
    address and names (a password made of one's own name is refused)."""
    cleaned = form.cleaned_data
    password1, password2 = cleaned.get("password1"), cleaned.get("password2")
    if password1 and password2 and password1 != password2:
        form.add_error("password2", "Les deux mots de passe ne correspondent pas.")
    elif password1:
        candidate = User(email=email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))
        try:
            password_validation.validate_password(password1, candidate)
        except ValidationError as error:
            form.add_error("password1", error)


class AcceptInvitationForm(BaseForm):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    phone = forms.CharField(label="Téléphone", max_length=20, required=False)
    password1, password2 = new_password_fields()

    def __init__(self, *args, invitation: Invitation, **kwargs) -> None:
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        check_new_password(self, self.invitation.email)
        return cleaned


class ProfileForm(BaseModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone"]
