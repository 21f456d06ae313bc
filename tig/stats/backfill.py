"""What the existing data allow to write for the days before the first snapshot: the indicators
that count dated events (files decided, measures closed, assignments, hours), at the end of each
past quarter. Not the stocks (posts, places, hosts, measures in progress): the data keep no
history of them, and today's would be passed off as the past's (docs/decisions/0015).

A day that has a snapshot is never touched; a backfilled day holds only these indicators, so the
open data (posts, places, hosts) never list its quarter."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Min

from tig.stats import files, measures
from tig.stats.indicators import Territory, chains
from tig.stats.models import Snapshot
from tig.stats.queries import quarter_end

# Counted from dated events: what a past day's data still say.
MEASURE_FLOWS = (
    measures.COMPLETED,
    measures.FAILED,
    measures.COMPLETION_RATE,
    measures.ASSIGNMENTS,
    measures.DAYS_TO_ASSIGNMENT,
    measures.HOURS_DONE,
)


def quarter_ends(since: date, until: date) -> list[date]:
    days, day = [], quarter_end(since)
    while day <= until:
        days.append(day)
        day = quarter_end(day + timedelta(days=1))
    return days


class NoSnapshotYet(Exception):
    pass


def backfill(since: date) -> list[date]:
    """Write the end of each quarter from `since` to the day before the first snapshot, those
    that have no value yet; the days written."""
    first = Snapshot.objects.aggregate(day=Min("day"))["day"]
    if first is None:
        raise NoSnapshotYet("Aucun relevé encore : prenez d'abord celui du jour (tâche take_snapshot).")
    above = chains()
    written = []
    for day in quarter_ends(since, first - timedelta(days=1)):
        values: dict[Territory, dict[str, Decimal]] = files.measure(day, above)
        if settings.MEASURES_ENABLED:
            wanted = {indicator.code for indicator in MEASURE_FLOWS}
            for territory, figures in measures.measure(day, above).items():
                values.setdefault(territory, {}).update({k: v for k, v in figures.items() if k in wanted})
        rows = [
            Snapshot(day=day, indicator=indicator, level=level, code=code, value=value)
            for (level, code), figures in values.items()
            for indicator, value in figures.items()
        ]
        with transaction.atomic():
            if Snapshot.objects.select_for_update().filter(day=day).exists():
                continue
            Snapshot.objects.bulk_create(rows, batch_size=2000)
        written.append(day)
    return written
