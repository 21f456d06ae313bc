from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from tig.accounts.forms import check_new_password, new_password_fields
from tig.accounts.models import User
from tig.core.forms import BaseForm, BaseModelForm
from tig.organisations.enums import LegalType, MembershipRole
from tig.organisations.models import Organisation, SignUp, societe_a_mission_allowed
from tig.organisations.validators import normalize_siret, validate_siret
from tig.territories.fields import CommuneField


class OrganisationFieldsMixin:
    """What every form describing an organisation checks: the SIRET (typed with spaces,
    stored as 14 digits) and the experiment that alone lets a société à mission host."""

    def clean_siret(self):
        siret = normalize_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def check_legal_type(self, cleaned) -> None:
        legal_type, commune = cleaned.get("legal_type"), cleaned.get("commune")
        if not (legal_type == LegalType.SOCIETE_A_MISSION and commune):
            return
        if not ({"legal_type", "commune"} & set(self.changed_data)):
            return  # an organisation registered while the experiment ran keeps its type
        if not societe_a_mission_allowed(commune.departement_id):
            self.add_error(
                "legal_type",
                "Une société à mission ne peut accueillir de travail d'intérêt général que dans les départements "
                f"de l'expérimentation, dont le département {commune.departement_id} ne fait pas partie aujourd'hui.",
            )


def siret_field(label: str = "SIRET") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20,
        help_text="14 chiffres, espaces acceptés.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class OrganisationForm(OrganisationFieldsMixin, BaseModelForm):
    commune = CommuneField(label="Commune du siège")
    siret = siret_field()

    class Meta:
        model = Organisation
        fields = ["name", "siret", "legal_type", "address", "commune", "email", "phone"]
        help_texts = {"address": "Numéro et voie."}

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_commune(self):
        commune = self.cleaned_data["commune"]
        if self.user.is_referent and commune.departement_id not in self.user.referent_departement_codes:
            raise ValidationError(f"{commune.label} n'est pas dans un des départements que vous suivez.")
        return commune

    def clean(self):
        cleaned = super().clean()
        self.check_legal_type(cleaned)
        return cleaned


# The sign-up's fields about the organisation; the others are about its first administrator.
SIGNUP_ORGANISATION_FIELDS = (
    "name",
    "siret",
    "legal_type",
    "address",
    "commune",
    "organisation_email",
    "organisation_phone",
)


class SignUpForm(OrganisationFieldsMixin, BaseModelForm):
    """An organisation signs up on its own, with its first administrator."""

    siret = siret_field("SIRET de la structure")
    commune = CommuneField(label="Commune du siège")
    password1, password2 = new_password_fields()

    class Meta:
        model = SignUp
        fields = [*SIGNUP_ORGANISATION_FIELDS, "first_name", "last_name", "email", "phone"]
        labels = {"first_name": "Votre prénom", "last_name": "Votre nom"}
        help_texts = {
            "address": "Numéro et voie.",
            "email": "Un lien de confirmation y sera envoyé : vous serez le premier administrateur de la structure.",
        }

    def organisation_fields(self):
        return [self[name] for name in SIGNUP_ORGANISATION_FIELDS]

    def person_fields(self):
        return [field for field in self.visible_fields() if field.name not in SIGNUP_ORGANISATION_FIELDS]

    def clean_siret(self):
        siret = super().clean_siret()
        if Organisation.objects.filter(siret=siret).exists():
            raise ValidationError(
                "Une structure est déjà inscrite avec ce SIRET : demandez à l'un de ses administrateurs de vous "
                "inviter, ou contactez le référent TIG de votre département."
            )
        return siret

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        self.check_legal_type(cleaned)
        check_new_password(self, cleaned.get("email", ""))
        return cleaned

    def save(self, commit=True):
        signup = super().save(commit=False)
        signup.password = make_password(self.cleaned_data["password1"])
        signup.issue_token()  # a placeholder: the e-mail task issues the link it sends
        if commit:
            signup.save()
        return signup


class MemberInvitationForm(BaseForm):
    """An organisation's administrator (or its referent) adds a member or a tutor."""

    email = forms.EmailField(label="Adresse électronique")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    role = forms.ChoiceField(
        label="Rôle dans la structure",
        choices=MembershipRole.choices,
        initial=MembershipRole.TUTOR,
        help_text="Un administrateur gère la structure, ses postes, ses dossiers et ses membres ; "
        "un tuteur encadre les personnes accueillies.",
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class MembershipRoleForm(BaseForm):
    role = forms.ChoiceField(label="Rôle", choices=MembershipRole.choices)
