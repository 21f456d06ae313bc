"""Upkeep of measures: the officers' daily alerts; anonymisation of those closed for more
than MEASURES_RETENTION_YEARS."""

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from tig.audit.enums import Operation
from tig.audit.recording import acting_as, record_bulk
from tig.measures.models import ANONYMISED, Incident, Measure
from tig.measures.progress import format_hours, standing
from tig.measures.services import followers
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify

BATCH = 5_000


@task
def anonymise_closed_measures() -> int:
    """Erase the person from measures closed long enough ago; keep what statistics count
    (kind, hours, dates, outcome). Batches of BATCH rows, one audit entry per batch."""
    now = timezone.now()
    done = 0
    with acting_as("anonymisation des mesures closes"):
        while True:
            with transaction.atomic():
                ids = list(Measure.objects.anonymisable(now).values_list("pk", flat=True)[:BATCH])
                if not ids:
                    break
                Measure.objects.filter(pk__in=ids).update(
                    appi_number="",
                    last_name=ANONYMISED,
                    first_names="",
                    birth_date=None,
                    offence_date=None,
                    residence=None,
                    phone="",
                    officer=None,
                    failure_report="",
                    anonymised_at=now,
                )
                # What was written about the person goes too; dates, kinds and hours stay.
                Incident.objects.filter(placement__measure_id__in=ids).update(description="", report="")
                record_bulk(Operation.UPDATE, "anonymisation de mesures closes", {"mesures": len(ids)})
            done += len(ids)
    return done


@task
def alert_officers() -> int:
    """Tell the officer (or the director), once, when a measure comes within 2 months of its deadline (again
    if suspensions move it), and when its remaining hours no longer fit before the deadline
    at the planned weekly rate (again only after it has caught up)."""
    if not settings.MEASURES_ENABLED:
        return 0
    today = timezone.localdate()
    sent = 0
    measures = (
        Measure.objects.open()
        .filter(anonymised_at__isnull=True)
        .with_progress()
        .prefetch_related("suspensions")
        .iterator(chunk_size=2_000)
    )
    with acting_as("alertes du suivi des mesures"):
        for measure in measures:
            state = standing(measure, today)
            changes: dict[str, object] = {}
            if (state.near or state.late) and measure.deadline_alert_for != state.due:
                notify(
                    followers(measure),
                    NotificationKind.MEASURE_ALERT,
                    f"Échéance le {state.due:%d/%m/%Y} pour la mesure {measure.appi_number}",
                    f"Heures restant à effectuer : {format_hours(state.remaining)} sur {measure.hours_ordered}.",
                    reverse("measures:detail", args=[measure.pk]),
                )
                changes["deadline_alert_for"] = state.due
                sent += 1
            if state.slow != measure.pace_alert_sent:
                if state.slow:
                    notify(
                        followers(measure),
                        NotificationKind.MEASURE_ALERT,
                        f"Rythme insuffisant pour la mesure {measure.appi_number}",
                        f"Au rythme prévu (heures par semaine : {measure.weekly_hours}), les heures restantes "
                        f"({format_hours(state.remaining)}) ne seront pas effectuées avant le {state.due:%d/%m/%Y}.",
                        reverse("measures:detail", args=[measure.pk]),
                    )
                    sent += 1
                changes["pace_alert_sent"] = state.slow
            if changes:
                Measure.objects.filter(pk=measure.pk).update(**changes)
    return sent
