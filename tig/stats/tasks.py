from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from tig.stats import files, measures
from tig.stats.indicators import measure
from tig.stats.models import Snapshot
from tig.territories.models import Departement


@task
def take_snapshot(day: str | None = None) -> int:
    """Keep today's value of every indicator for every territory (run daily by the scheduler).
    Taken again the same day, it replaces that day's values; other days never change."""
    on = date.fromisoformat(day) if day else timezone.localdate()
    values = measure()
    regions = dict(Departement.objects.values_list("code", "region_id"))
    for territory, delays in files.measure(on, regions).items():
        values.setdefault(territory, {}).update(delays)
    if settings.MEASURES_ENABLED:
        of_measures = measures.measure(on, regions)
        zero = dict.fromkeys((indicator.code for indicator in measures.MEASURE_INDICATORS), Decimal(0))
        for territory, figures in values.items():
            figures.update(zero | of_measures.get(territory, {}))
    rows = [
        Snapshot(day=on, indicator=indicator, level=level, code=code, value=value)
        for (level, code), indicators in values.items()
        for indicator, value in indicators.items()
    ]
    with transaction.atomic():
        Snapshot.objects.filter(day=on).delete()
        Snapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
