"""Daily: renewal reminders 6 and 1 months before a habilitation ends, and the end itself
(the organisation's posts leave search)."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from tig.audit.recording import acting_as
from tig.habilitations import clock
from tig.habilitations.enums import HABILITATION_KINDS, OPEN_STATUSES, RENEWAL_REMINDERS, DossierStatus, EventAction
from tig.habilitations.listing import refresh_organisation
from tig.habilitations.models import Dossier, Event
from tig.habilitations.services import dossier_url, organisation_admins, referents
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify


@task
def review_habilitations() -> dict[str, int]:
    today = timezone.localdate()
    sent = {"reminders": 0, "ended": 0}
    with acting_as("suivi des habilitations"):
        granted = Dossier.objects.filter(kind__in=HABILITATION_KINDS, status=DossierStatus.GRANTED).select_related(
            "organisation"
        )
        # The earliest reminder is due 6 months before the end: only those habilitations are read.
        for dossier in granted.filter(valid_until__lte=clock.add_months(today, max(RENEWAL_REMINDERS))):
            with transaction.atomic():
                dossier = Dossier.objects.select_for_update().select_related("organisation").get(pk=dossier.pk)
                if dossier.valid_until is not None and dossier.valid_until < today:
                    sent["ended"] += _end(dossier)
                else:
                    sent["reminders"] += _remind(dossier, today)
    return sent


def _renewal_in_progress(dossier) -> bool:
    return dossier.renewals.filter(status__in=[*list(OPEN_STATUSES), DossierStatus.GRANTED]).exists()


def _remind(dossier, today) -> int:
    due = [months for months in RENEWAL_REMINDERS if today >= clock.add_months(dossier.valid_until, -months)]
    # Only the latest reminder due is sent (a task that did not run for a while sends one, not two).
    months = min(due)
    if str(months) in dossier.reminders_sent or _renewal_in_progress(dossier):
        return 0
    dossier.reminders_sent = [*dossier.reminders_sent, *(str(m) for m in due if str(m) not in dossier.reminders_sent)]
    dossier.save(update_fields=["reminders_sent"])
    title = f"Votre habilitation prend fin le {dossier.valid_until:%d/%m/%Y} — {dossier.organisation.name}"
    body = (
        "Pour continuer à accueillir des personnes en TIG après cette date, demandez son renouvellement "
        "depuis l'espace de votre structure ; des pièces à jour vous seront demandées."
    )
    Event.objects.create(dossier=dossier, action=EventAction.REMINDER, message=f"Rappel à {months} mois de la fin.")
    notify(organisation_admins(dossier), NotificationKind.HABILITATION_EXPIRING, title, body, dossier_url(dossier))
    return 1


def _end(dossier) -> int:
    if "ended" in dossier.reminders_sent:
        return 0
    dossier.reminders_sent = [*dossier.reminders_sent, "ended"]
    dossier.save(update_fields=["reminders_sent"])
    changed = refresh_organisation(dossier.organisation_id)
    Event.objects.create(dossier=dossier, action=EventAction.EXPIRED, message="Fin de validité de l'habilitation.")
    title = f"Votre habilitation a pris fin — {dossier.organisation.name}"
    body = (
        f"L'habilitation {dossier.reference} était valable jusqu'au {dossier.valid_until:%d/%m/%Y}. "
        f"Postes retirés de la recherche jusqu'à une nouvelle habilitation : {changed}."
    )
    url = dossier_url(dossier)
    notify(organisation_admins(dossier), NotificationKind.HABILITATION_ENDED, title, body, url)
    notify(referents(dossier), NotificationKind.HABILITATION_ENDED, title, body, url)
    return 1
