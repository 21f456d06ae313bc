"""The prospecting's vocabulary: the stages of a target, from « à contacter » to « postes actifs »
(docs/regles.md, P1–P4), the kinds of interaction, where a target comes from."""

from django.db import models


class Stage(models.TextChoices):
    TO_CONTACT = "to_contact", "À contacter"
    CONTACTED = "contacted", "Contactée"
    MEETING = "meeting", "Rendez-vous"
    INTERESTED = "interested", "Intéressée"
    SIGNED_UP = "signed_up", "Inscrite sur la plateforme"
    FILED = "filed", "Dossier déposé"
    GRANTED = "granted", "Habilitée ou poste inscrit"
    ACTIVE = "active", "Postes actifs"
    ABANDONED = "abandoned", "Abandonnée"


# The order of the pipeline: a move made by the platform itself only goes forward.
PIPELINE = [stage for stage in Stage if stage != Stage.ABANDONED]
RANK: dict[str, int] = {stage: rank for rank, stage in enumerate(PIPELINE)}
# The stages a referent sets by hand; the later ones follow the organisation's own steps.
MANUAL_STAGES = (Stage.TO_CONTACT, Stage.CONTACTED, Stage.MEETING, Stage.INTERESTED)
AUTOMATIC_STAGES = (Stage.SIGNED_UP, Stage.FILED, Stage.GRANTED, Stage.ACTIVE)
OPEN_STAGES = frozenset(set(Stage) - {Stage.ABANDONED, Stage.ACTIVE})


class AbandonReason(models.TextChoices):
    NOT_INTERESTED = "not_interested", "Pas intéressée"
    NO_TASKS = "no_tasks", "Pas de tâches à confier"
    NO_TUTOR = "no_tutor", "Personne pour encadrer"
    NO_ANSWER = "no_answer", "Aucune réponse"
    NOT_ELIGIBLE = "not_eligible", "Ne peut pas accueillir de TIG"
    DUPLICATE = "duplicate", "Doublon d'une autre cible"
    OTHER = "other", "Autre raison"


class InteractionKind(models.TextChoices):
    CALL = "call", "Appel"
    EMAIL = "email", "Courriel"
    MEETING = "meeting", "Rendez-vous"
    EVENT = "event", "Événement"
    NOTE = "note", "Note"


class TargetKind(models.TextChoices):
    TOWN_HALL = "town_hall", "Mairie"
    EPCI = "epci", "Intercommunalité (EPCI)"
    SOCIAL_HOUSING = "social_housing", "Organisme HLM"
    PUBLIC_BODY = "public_body", "Établissement ou service public"
    ASSOCIATION = "association", "Association"
    COMPANY = "company", "Entreprise de l'ESS ou société à mission"
    OTHER = "other", "Autre"


class Source(models.TextChoices):
    REFERENCE = "reference", "Référentiel national (communes et EPCI)"
    IMPORT = "import", "Liste importée"
    MANUAL = "manual", "Saisie"


class ObjectiveMetric(models.TextChoices):
    """What an objective counts (docs/regles.md, P10), read from the statistics' indicators."""

    POSTS = "posts", "Postes dans la recherche"
    PLACES = "places", "Places offertes"
    NEW_HOSTS = "new_hosts", "Nouvelles structures d'accueil"
    DOMAINS = "domains", "Domaines d'activité couverts"
