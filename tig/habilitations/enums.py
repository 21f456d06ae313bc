"""The files (dossiers) of the two procedures of CPénit R.*623-1 to R. 623-10 (docs/regles.md,
R4–R16): habilitation of a private host, registration (and radiation) of a post."""

from datetime import timedelta

from django.db import models

from tig.accounts.enums import Role
from tig.organisations.enums import LegalType


class DossierKind(models.TextChoices):
    HABILITATION = "habilitation", "Demande d'habilitation"
    RENEWAL = "renewal", "Renouvellement d'habilitation"
    REGISTRATION = "registration", "Inscription d'un poste sur la liste départementale"
    RADIATION = "radiation", "Radiation d'un poste de la liste départementale"


HABILITATION_KINDS = frozenset({DossierKind.HABILITATION, DossierKind.RENEWAL})
POST_KINDS = frozenset({DossierKind.REGISTRATION, DossierKind.RADIATION})
REFERENCE_PREFIX = {
    DossierKind.HABILITATION: "HAB",
    DossierKind.RENEWAL: "REN",
    DossierKind.REGISTRATION: "INS",
    DossierKind.RADIATION: "RAD",
}


class Audience(models.TextChoices):
    """Adults: the SPIP director decides; minors: the PJJ territorial director (CJPM R. 122-2)."""

    ADULTS = "adults", "Majeurs"
    MINORS = "minors", "Mineurs de 16 à 18 ans"


DECIDER_ROLE = {Audience.ADULTS: Role.SPIP_DIRECTOR, Audience.MINORS: Role.PJJ_DIRECTOR}


class DossierStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon, pas encore déposé"
    SUBMITTED = "submitted", "Déposé, en cours d'examen par le référent"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées à la structure"
    OPINIONS_REQUESTED = "opinions_requested", "Avis demandés au parquet et au juge de l'application des peines"
    GRANTED = "granted", "Décision favorable"
    REFUSED = "refused", "Décision défavorable"
    WITHDRAWN = "withdrawn", "Habilitation retirée"


OPEN_STATUSES = frozenset(
    {DossierStatus.DRAFT, DossierStatus.SUBMITTED, DossierStatus.CHANGES_REQUESTED, DossierStatus.OPINIONS_REQUESTED}
)
EDITABLE_STATUSES = frozenset({DossierStatus.DRAFT, DossierStatus.CHANGES_REQUESTED})
GRANTED_LABEL = {
    DossierKind.HABILITATION: "Habilitation accordée",
    DossierKind.RENEWAL: "Habilitation renouvelée",
    DossierKind.REGISTRATION: "Poste inscrit sur la liste départementale",
    DossierKind.RADIATION: "Poste radié de la liste départementale",
}

# The legal delays (docs/regles.md, R7 and R13): the director decides once both opinions are in, or from
# this long after requesting them. Months are calendar months.
OPINION_DELAY_MONTHS = {DossierKind.HABILITATION: 1, DossierKind.RENEWAL: 1}
OPINION_DELAY = {DossierKind.REGISTRATION: timedelta(days=10), DossierKind.RADIATION: timedelta(days=10)}
HABILITATION_YEARS = 5
# Renewal reminders, in months before the end of validity.
RENEWAL_REMINDERS = (6, 1)


class OpinionAuthority(models.TextChoices):
    PROSECUTOR = "prosecutor", "Procureur de la République"
    JAP = "jap", "Juge de l'application des peines"


class Verdict(models.TextChoices):
    FAVORABLE = "favorable", "Favorable"
    UNFAVORABLE = "unfavorable", "Défavorable"


class DocumentKind(models.TextChoices):
    STATUTES = "statutes", "Statuts"
    ESTABLISHMENTS = "establishments", "Liste des établissements et de leur siège"
    AGM_MINUTES = "agm_minutes", "Procès-verbal de la dernière assemblée générale"
    KBIS = "kbis", "Extrait Kbis de moins de trois mois mentionnant la qualité de société à mission"
    MISSION_REPORT = "mission_report", "Dernier rapport du comité de mission, avec son avis"
    ACCOUNTS = "accounts", "Derniers comptes annuels"
    OTHER = "other", "Autre pièce"


# What the law asks of each applicant (CPénit R. 623-2; société à mission: decree of 30 Dec
# 2024; docs/regles.md, R5). The law's list is that of associations; private bodies with a
# public-service mission and ESS companies give the same, without an assembly's minutes.
REQUIRED_DOCUMENTS = {
    LegalType.ASSOCIATION: (DocumentKind.STATUTES, DocumentKind.ESTABLISHMENTS, DocumentKind.AGM_MINUTES),
    LegalType.PRIVE_MISSION_SERVICE_PUBLIC: (DocumentKind.STATUTES, DocumentKind.ESTABLISHMENTS),
    LegalType.ESS: (DocumentKind.STATUTES, DocumentKind.ESTABLISHMENTS),
    LegalType.SOCIETE_A_MISSION: (
        DocumentKind.STATUTES,
        DocumentKind.KBIS,
        DocumentKind.MISSION_REPORT,
        DocumentKind.ACCOUNTS,
    ),
}
KBIS_MAX_AGE_MONTHS = 3


class PersonRole(models.TextChoices):
    BOARD_MEMBER = "board_member", "Membre du bureau ou représentant local"
    POST_RESPONSIBLE = "post_responsible", "Responsable du poste de travail"


class EventAction(models.TextChoices):
    CREATED = "created", "Dossier créé"
    SUBMITTED = "submitted", "Dossier déposé"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
    OPINIONS_REQUESTED = "opinions_requested", "Avis demandés"
    PREFECT_CONSULTED = "prefect_consulted", "Préfet consulté"
    OPINION_GIVEN = "opinion_given", "Avis rendu"
    GRANTED = "granted", "Décision favorable"
    REFUSED = "refused", "Décision défavorable"
    WITHDRAWN = "withdrawn", "Habilitation retirée"
    REMINDER = "reminder", "Rappel envoyé"
    EXPIRED = "expired", "Fin de validité"
