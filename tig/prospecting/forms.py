from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from tig.accounts.models import User
from tig.core.forms import BaseForm, BaseModelForm
from tig.habilitations.documents import validate_upload
from tig.posts.enums import ActivityDomain
from tig.prospecting.coverage import DISTANCE_DEFAULT_KM, DISTANCE_MAX_KM, DISTANCE_MIN_KM, Criteria
from tig.prospecting.enums import MANUAL_STAGES, AbandonReason, InteractionKind, ObjectiveMetric, Stage, TargetKind
from tig.prospecting.models import Contact

NEXT_STEP_HELP = "Ce qui doit se passer ensuite (rappeler, envoyer la plaquette, rencontrer le maire…)."


def next_step_fields() -> tuple[forms.CharField, forms.DateField]:
    return (
        forms.CharField(label="Prochaine étape", max_length=255, help_text=NEXT_STEP_HELP),
        forms.DateField(
            label="Date de la prochaine étape",
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        ),
    )


class CoverageForm(BaseForm):
    territoire = forms.ChoiceField(label="Territoire")
    distance = forms.IntegerField(
        label="Distance au poste le plus proche (km)",
        min_value=DISTANCE_MIN_KM,
        max_value=DISTANCE_MAX_KM,
        initial=DISTANCE_DEFAULT_KM,
        help_text=f"De {DISTANCE_MIN_KM} à {DISTANCE_MAX_KM} km, à vol d'oiseau.",
    )
    domaine = forms.ChoiceField(
        label="Domaine d'activité", choices=[("", "Tous les domaines"), *ActivityDomain.choices], required=False
    )
    mineurs = forms.BooleanField(label="Postes ouverts aux mineurs", required=False)
    weekend = forms.BooleanField(label="Postes ouverts le week-end", required=False)

    def __init__(self, *args: Any, territories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.territoire_field().choices = territories

    def territoire_field(self) -> forms.ChoiceField:
        field = self.fields["territoire"]
        assert isinstance(field, forms.ChoiceField)
        return field

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(data["distance"], data["domaine"], data["mineurs"], data["weekend"])


class PipelineFilterForm(BaseForm):
    q = forms.CharField(label="Nom ou commune", required=False, max_length=100)
    departement = forms.ChoiceField(label="Département", required=False)
    etape = forms.ChoiceField(label="Étape", choices=[("", "Toutes les étapes"), *Stage.choices], required=False)
    type = forms.ChoiceField(label="Type", choices=[("", "Tous les types"), *TargetKind.choices], required=False)
    suivi = forms.ChoiceField(
        label="Suivi",
        required=False,
        choices=[
            ("", "Toutes les cibles"),
            ("moi", "Qui me sont confiées"),
            ("personne", "Confiées à personne"),
            ("retard", "Prochaine étape dépassée"),
            ("en_cours", "En cours (avec une prochaine étape)"),
        ],
    )
    tri = forms.ChoiceField(
        label="Trier par",
        required=False,
        choices=[
            ("population", "Population, la plus grande d'abord"),
            ("nom", "Nom"),
            ("prochaine", "Date de la prochaine étape"),
            ("activite", "Dernière action, la plus récente d'abord"),
        ],
    )

    def __init__(self, *args: Any, departements: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departement"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Tous mes départements"), *departements]


class MoveForm(BaseForm):
    stage = forms.ChoiceField(label="Nouvelle étape", choices=[(s.value, s.label) for s in MANUAL_STAGES])
    next_step, next_step_on = next_step_fields()
    note = forms.CharField(label="Commentaire", max_length=255, required=False)


class AbandonForm(BaseForm):
    reason = forms.ChoiceField(label="Raison de l'abandon", choices=AbandonReason.choices)
    note = forms.CharField(label="Précision", max_length=255, required=False)


class NextStepForm(BaseForm):
    next_step, next_step_on = next_step_fields()


class InteractionForm(BaseForm):
    kind = forms.ChoiceField(label="Type d'échange", choices=InteractionKind.choices)
    happened_on = forms.DateField(
        label="Date de l'échange", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    summary = forms.CharField(label="Compte rendu", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    next_step, next_step_on = next_step_fields()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["happened_on"].initial = today
        self.fields["next_step_on"].initial = today + timedelta(days=14)


class ContactForm(BaseModelForm):
    class Meta:
        model = Contact
        fields = ["name", "function", "email", "phone"]
        help_texts = {"name": "Une personne de la structure, pour ses coordonnées professionnelles seulement."}


class InviteForm(BaseForm):
    email = forms.EmailField(
        label="Adresse électronique de la structure",
        help_text="L'adresse institutionnelle de la mairie ou de la structure, ou celle de la personne qui l'inscrira.",
    )
    message = forms.CharField(
        label="Message ajouté à l'invitation", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(BaseForm):
    referent: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label="Référent chargé", queryset=User.objects.none(), required=False, empty_label="Personne"
    )

    def __init__(self, *args: Any, referents: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = referents


class ImportForm(BaseForm):
    file = forms.FileField(
        label="Liste à importer",
        help_text="Un fichier CSV (UTF-8, séparateur « ; » ou « , ») ou XLSX, une structure par ligne, avec au moins "
        "les colonnes « nom » et « commune ». 5 000 lignes et 5 Mo au plus.",
    )
    kind = forms.ChoiceField(
        label="Type des structures de la liste",
        choices=TargetKind.choices,
        initial=TargetKind.ASSOCIATION,
        help_text="Pour les lignes sans colonne « type ».",
    )


class LinkForm(BaseForm):
    siret = forms.CharField(
        label="SIRET de la structure inscrite",
        max_length=20,
        help_text="Quand la structure s'est inscrite sous un autre nom ou un autre SIRET que ceux de la cible.",
    )


class ObjectiveForm(BaseForm):
    year = forms.TypedChoiceField(label="Année", coerce=int)
    metric = forms.ChoiceField(label="Indicateur", choices=ObjectiveMetric.choices)
    target = forms.IntegerField(label="Objectif", min_value=1, max_value=1_000_000)
    departement = forms.ChoiceField(label="Pour le département", required=False)
    referent: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label="Ou pour le référent",
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
        help_text="Un objectif personnel compte sur tous les départements que suit le référent.",
    )

    def __init__(
        self, *args: Any, departements: list[tuple[str, str]], referents: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [(year, str(year)), (year + 1, str(year + 1))]
        departement_field = self.fields["departement"]
        assert isinstance(departement_field, forms.ChoiceField)
        departement_field.choices = [("", "—"), *departements]
        referent_field = self.fields["referent"]
        assert isinstance(referent_field, forms.ModelChoiceField)
        referent_field.queryset = referents

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("departement")) == bool(data.get("referent")):
            raise forms.ValidationError("Choisissez un département ou un référent, l'un des deux seulement.")
        return data


class HandOverForm(BaseForm):
    departement = forms.ChoiceField(label="Département")
    departing: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label="Référent qui part", queryset=User.objects.none(), help_text="Celui dont les cibles changent de mains."
    )
    successor: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label="Référent qui reprend ses cibles", queryset=User.objects.none()
    )

    def __init__(
        self,
        *args: Any,
        departements: list[tuple[str, str]],
        holders: QuerySet[User],
        referents: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        departement_field = self.fields["departement"]
        assert isinstance(departement_field, forms.ChoiceField)
        departement_field.choices = departements
        for name, queryset in (("departing", holders), ("successor", referents)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class TargetDocumentForm(BaseForm):
    title = forms.CharField(label="Intitulé", max_length=150, help_text="Par exemple : « Plaquette remise au maire ».")
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, PNG ou JPEG.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.detected: tuple[str, str] | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.detected = validate_upload(upload)
        return upload
