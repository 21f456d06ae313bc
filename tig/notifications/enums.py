from django.db import models


class NotificationKind(models.TextChoices):
    """What a notification is about. The optional kinds (OPTIONAL) may be muted by their
    recipient; the others carry a legal step or a deadline and cannot be."""

    FILE_SUBMITTED = "file_submitted", "Dossier déposé"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées sur un dossier"
    OPINION_REQUESTED = "opinion_requested", "Avis demandé"
    OPINION_GIVEN = "opinion_given", "Avis rendu"
    FILE_DECIDABLE = "file_decidable", "Dossier prêt pour la décision"
    DECISION = "decision", "Décision sur un dossier"
    HABILITATION_EXPIRING = "habilitation_expiring", "Habilitation bientôt expirée"
    HABILITATION_ENDED = "habilitation_ended", "Fin d'une habilitation"
    POST_CONFIRMATION = "post_confirmation", "Confirmation d'un poste demandée"
    POST_WITHDRAWN = "post_withdrawn", "Poste retiré de la recherche"
    ORGANISATION_SIGNED_UP = "organisation_signed_up", "Nouvelle structure inscrite"
    MEMBERSHIP = "membership", "Accès à une structure"
    PLACEMENT = "placement", "Affectation d'une personne sur un poste"
    HOURS_RECORDED = "hours_recorded", "Heures saisies par la structure"
    INCIDENT = "incident", "Incident signalé par la structure"
    INCIDENT_REPORT = "incident_report", "Rapport d'incident au juge"
    MEASURE_ALERT = "measure_alert", "Alerte sur le délai d'une mesure"
    ATTESTATION = "attestation", "Attestation d'exécution délivrée"
    MEASURE_CLOSED = "measure_closed", "Fin d'une mesure"
    PROSPECTING_DIGEST = "prospecting_digest", "Relances de la prospection (chaque semaine)"
    AGREEMENT_EXPIRY = "agreement_expiry", "Convention de partenariat bientôt échue"
    NETWORK_EVENT = "network_event", "Rencontre du réseau : invitation, rappel, annulation"
    TRAINING = "training", "Formation en ligne : invitation et rappels"
    TRAINING_REVIEW = "training_review", "Formation en ligne à relire"
    WORKSITE = "worksite", "Chantier collectif : inscription, séance modifiée ou annulée"


OPTIONAL = frozenset(
    {
        NotificationKind.FILE_SUBMITTED,
        NotificationKind.OPINION_GIVEN,
        NotificationKind.FILE_DECIDABLE,
        NotificationKind.ORGANISATION_SIGNED_UP,
        NotificationKind.HOURS_RECORDED,
        NotificationKind.PROSPECTING_DIGEST,
        NotificationKind.NETWORK_EVENT,
        NotificationKind.TRAINING,
        NotificationKind.TRAINING_REVIEW,
    }
)


class EmailStatus(models.TextChoices):
    PENDING = "pending", "À envoyer"
    SENT = "sent", "Envoyé"
    FAILED = "failed", "Abandonné après plusieurs échecs"
