from django.db import models


class LegalType(models.TextChoices):
    """Who may host a TIG (CP 131-8; docs/regles.md, R1)."""

    COLLECTIVITE = "collectivite", "Collectivité territoriale"
    ETABLISSEMENT_PUBLIC = "etablissement_public", "Établissement public"
    ADMINISTRATION_ETAT = "administration_etat", "Administration de l'État"
    PRIVE_MISSION_SERVICE_PUBLIC = (
        "prive_mission_service_public",
        "Personne morale de droit privé chargée d'une mission de service public",
    )
    ASSOCIATION = "association", "Association"
    ESS = "ess", "Entreprise de l'économie sociale et solidaire"
    SOCIETE_A_MISSION = "societe_a_mission", "Société à mission"


# Public bodies are habilitated by right (« habilités d'office », docs/regles.md, R2).
PUBLIC_LEGAL_TYPES = frozenset({LegalType.COLLECTIVITE, LegalType.ETABLISSEMENT_PUBLIC, LegalType.ADMINISTRATION_ETAT})


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "Administrateur de la structure"
    TUTOR = "tutor", "Tuteur"
