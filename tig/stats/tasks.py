from datetime import date

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from tig.stats.indicators import measure
from tig.stats.models import Snapshot


@task
def take_snapshot(day: str | None = None) -> int:
    """Keep today's value of every indicator for every territory (run daily by the scheduler).
    Taken again the same day, it replaces that day's values; other days never change."""
    on = date.fromisoformat(day) if day else timezone.localdate()
    rows = [
        Snapshot(day=on, indicator=indicator, level=level, code=code, value=value)
        for (level, code), indicators in measure().items()
        for indicator, value in indicators.items()
    ]
    with transaction.atomic():
        Snapshot.objects.filter(day=on).delete()
        Snapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
