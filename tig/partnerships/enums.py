from django.db import models


class PartnerKind(models.TextChoices):
    PUBLIC_COMPANY = "public_company", "Entreprise publique"
    COMPANY = "company", "Entreprise"
    SOCIAL_HOUSING = "social_housing", "Fédération ou réseau de bailleurs sociaux"
    ASSOCIATION = "association", "Association ou fédération d'associations"
    ADMINISTRATION = "administration", "Administration ou établissement public"
    OTHER = "other", "Autre"


class Renewal(models.TextChoices):
    TACIT = "tacit", "Reconduction tacite"
    AMENDMENT = "amendment", "Renouvellement par avenant ou nouvelle convention"
    NONE = "none", "Sans renouvellement prévu"


class AgreementState(models.TextChoices):
    """Where an agreement stands on a day (read from its dates, never stored)."""

    UPCOMING = "upcoming", "À venir"
    IN_FORCE = "in_force", "En vigueur"
    EXPIRING = "expiring", "Arrive à échéance"
    EXPIRED = "expired", "Échue"

    @property
    def badge(self) -> str:
        """The DSFR badge that shows it."""
        return {"upcoming": "info", "in_force": "success", "expiring": "warning", "expired": "error"}[self.value]


class LinkMethod(models.TextChoices):
    """How an organisation joined a partner's network."""

    SIREN = "siren", "Par le SIREN"
    HAND = "hand", "À la main"
    MIGRATED = "migrated", "Reprise de l'ancienne case « partenaire national »"


class ActionKind(models.TextChoices):
    """What a referent does locally to carry an agreement (the agency's « déclinaison locale »)."""

    EVENT = "event", "Événement ou réunion d'information"
    WORKING_GROUP = "working_group", "Groupe de travail"
    TRAINING = "training", "Action de formation"
    GOOD_PRACTICE = "good_practice", "Bonne pratique valorisée"
