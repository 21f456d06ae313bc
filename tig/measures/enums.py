"""The measures' vocabulary (docs/regles.md, R17–R29)."""

from django.conf import settings
from django.db import models


class MeasureKind(models.TextChoices):
    TIG = "tig", "Travail d'intérêt général (peine)"
    SURSIS_PROBATOIRE = "sursis_probatoire", "Sursis probatoire avec obligation de TIG"
    CONVERSION = "conversion", "Conversion d'une peine d'emprisonnement (CPP 747-1)"
    TNR = "tnr", "Travail non rémunéré (composition pénale)"
    CONTRAVENTION = "contravention", "TIG pour une contravention de 5e classe"


def hours_range(kind: str) -> tuple[int, int]:
    """The hours a kind allows. TIG: 20 to 400 (CP 131-8). TNR and contraventions: their
    limits are not confirmed in the current texts, so they are settings."""
    if kind == MeasureKind.TNR:
        return settings.MEASURE_TNR_HOURS
    if kind == MeasureKind.CONTRAVENTION:
        return settings.MEASURE_CONTRAVENTION_HOURS
    return (20, 400)


# CP 131-22: the work is done within 18 months at most.
MAX_DEADLINE_MONTHS = 18
# CJPM L. 122-1: a minor is at least 16 at the decision and 13 at the offence.
MINOR_MIN_AGE_AT_DECISION = 16
MINOR_MIN_AGE_AT_OFFENCE = 13


class ConsentMode(models.TextChoices):
    PRESENT = "present", "Présent à l'audience"
    WRITTEN = "written", "Accord écrit transmis par l'avocat"
    DEFERRED = "deferred", "Consentement différé (recueilli par le JAP)"


class MeasureStatus(models.TextChoices):
    REFERRED = "referred", "Confiée au service, à affecter"
    ASSIGNED = "assigned", "Affectée à un poste"
    IN_PROGRESS = "in_progress", "En cours d'exécution"
    COMPLETED = "completed", "Exécutée"
    FAILED = "failed", "Non exécutée, rapport au juge"


CLOSED_STATUSES = frozenset({MeasureStatus.COMPLETED, MeasureStatus.FAILED})


class SuspensionReason(models.TextChoices):
    """CP 131-22: suspended by law during these periods, or by the JAP for a serious reason."""

    ARSE = "arse", "Assignation à résidence sous surveillance électronique"
    DETENTION = "detention", "Détention provisoire"
    CUSTODIAL_SENTENCE = "custodial_sentence", "Exécution d'une peine privative de liberté"
    NATIONAL_SERVICE = "national_service", "Obligations du service national"
    MEDICAL = "medical", "Motif grave d'ordre médical (décision du JAP)"
    FAMILY = "family", "Motif grave d'ordre familial (décision du JAP)"
    PROFESSIONAL = "professional", "Motif grave d'ordre professionnel (décision du JAP)"
    SOCIAL = "social", "Motif grave d'ordre social (décision du JAP)"


AUTOMATIC_REASONS = frozenset(
    {
        SuspensionReason.ARSE,
        SuspensionReason.DETENTION,
        SuspensionReason.CUSTODIAL_SENTENCE,
        SuspensionReason.NATIONAL_SERVICE,
    }
)


class MedicalTrigger(models.TextChoices):
    """The six cases where a medical examination is required before assignment (CPénit R. 623-14)."""

    MINOR = "minor", "La personne est mineure"
    DISABILITY = "disability", "La personne est en situation de handicap"
    PREGNANCY = "pregnancy", "La personne est enceinte"
    NIGHT_WORK = "night_work", "Le travail est un travail de nuit"
    PARTICULAR_RISKS = "particular_risks", "Le poste présente des risques particuliers"
    CARE_ESTABLISHMENT = "care_establishment", "Le travail a lieu dans un établissement de prévention ou de soins"


class IncidentKind(models.TextChoices):
    """What the tutor reports without delay (CPénit, « contrôle de la mesure »)."""

    ABSENCE = "absence", "Absence"
    MISCONDUCT = "misconduct", "Manquement ou comportement fautif"
    ACCIDENT = "accident", "Accident (causé ou subi)"
    DANGER = "danger", "Danger pour la personne ou pour autrui"


# The work may be suspended by the host for an immediate danger or a serious misconduct
# (and after an accident, which is one); an absence alone does not allow it.
SUSPENDING_KINDS = frozenset({IncidentKind.MISCONDUCT, IncidentKind.ACCIDENT, IncidentKind.DANGER})


class HostAction(models.TextChoices):
    NONE = "none", "Le travail continue"
    SUSPEND = "suspend", "Je suspends le travail (danger immédiat ou faute grave)"
    END = "end", "La structure met fin à l'accueil (une nouvelle affectation sera nécessaire)"


class FailureReason(models.TextChoices):
    DEADLINE = "deadline", "Délai d'exécution expiré"
    REFUSAL = "refusal", "Refus d'exécuter le travail"
    BREACHES = "breaches", "Manquements répétés aux obligations"


# Labour law's daily maximum (C. trav. L. 3121-18; 8 hours for a minor, L. 3162-1).
MAX_DAILY_HOURS = 10
MAX_DAILY_HOURS_MINOR = 8
