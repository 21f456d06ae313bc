from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from tig.stats import collective, composition, files, flows, measures, reach, training
from tig.stats.indicators import chains, measure
from tig.stats.models import Snapshot


@task
def take_snapshot(day: str | None = None) -> int:
    """Keep today's value of every indicator for every territory (run daily by the scheduler).
    Taken again the same day, it replaces that day's values; other days never change. Days are
    taken in order: the posts that entered and left the search are counted since the last one."""
    on = date.fromisoformat(day) if day else timezone.localdate()
    values = measure()
    above = chains()
    made_of = composition.measure()
    nothing = dict.fromkeys((indicator.code for indicator in composition.COMPOSITION_INDICATORS), Decimal(0))
    for territory, figures in values.items():
        figures.update(nothing | made_of.get(territory, {}))
    for part in (files.measure(on, above), reach.measure(above)):
        for territory, figures in part.items():
            values.setdefault(territory, {}).update(figures)
    of_training = training.measure(above)
    no_tutor = dict.fromkeys((indicator.code for indicator in training.TRAINING_INDICATORS), Decimal(0))
    of_worksites = collective.measure(on, above)
    no_worksite = dict.fromkeys(collective.CODES, Decimal(0))
    for territory, figures in values.items():
        figures.update(no_tutor | of_training.get(territory, {}))
        figures.update(no_worksite | of_worksites.get(territory, {}))
    if settings.MEASURES_ENABLED:
        of_measures = measures.measure(on, above)
        zero = dict.fromkeys((indicator.code for indicator in measures.MEASURE_INDICATORS), Decimal(0))
        for territory, figures in values.items():
            figures.update(zero | of_measures.get(territory, {}))
    with transaction.atomic():
        entered_and_left = flows.record(on, above)
        if entered_and_left:
            zero = dict.fromkeys((indicator.code for indicator in flows.FLOW_INDICATORS), Decimal(0))
            for territory, figures in values.items():
                figures.update(zero | entered_and_left.get(territory, {}))
        rows = [
            Snapshot(day=on, indicator=indicator, level=level, code=code, value=value)
            for (level, code), indicators in values.items()
            for indicator, value in indicators.items()
        ]
        Snapshot.objects.filter(day=on).delete()
        Snapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
