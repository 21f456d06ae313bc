"""Upkeep of measures: anonymisation of those closed for more than MEASURES_RETENTION_YEARS."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from tig.audit.enums import Operation
from tig.audit.recording import acting_as, record_bulk
from tig.measures.models import ANONYMISED, Measure

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
                    anonymised_at=now,
                )
                record_bulk(Operation.UPDATE, "anonymisation de mesures closes", {"mesures": len(ids)})
            done += len(ids)
    return done
