"""The measures' indicators: anonymous counts only, per territory of the service that follows
the measure (its département, its région, France). Computed only while the measures module is
on (MEASURES_ENABLED). Flows (completed, failed, assignments, hours) are over the 365 days
before the day measured; stocks (to assign, in progress) are on the day.

These are counts of persons: anything public built from them goes through tig.stats.secrecy."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.conf import settings
from django.db.models import Count, Min, Q, Sum

from tig.measures.enums import MeasureStatus
from tig.measures.models import Attendance, Measure, Placement
from tig.stats.indicators import Indicator, Territory

TO_ASSIGN = Indicator("measures_to_assign", "Mesures à affecter", "Mesures confiées au service, sans poste ce jour-là.")
ONGOING = Indicator(
    "measures_ongoing", "Mesures en cours", "Mesures affectées à un poste ou en cours d'exécution ce jour-là."
)
COMPLETED = Indicator(
    "measures_completed", "Mesures exécutées", "Mesures closes exécutées dans les 365 derniers jours."
)
FAILED = Indicator(
    "measures_failed", "Mesures non exécutées", "Mesures closes non exécutées dans les 365 derniers jours."
)
COMPLETION_RATE = Indicator(
    "completion_rate",
    "Taux d'exécution (%)",
    "Part des mesures exécutées parmi les mesures closes dans les 365 derniers jours.",
)
ASSIGNMENTS = Indicator("assignments", "Affectations", "Affectations à un poste décidées dans les 365 derniers jours.")
DAYS_TO_ASSIGNMENT = Indicator(
    "median_days_to_assignment",
    "Délai médian de la décision à l'affectation (jours)",
    "Jours entre la décision de justice et la première affectation, médiane des affectations des 365 derniers jours.",
)
HOURS_DONE = Indicator(
    "hours_done", "Heures effectuées", "Heures validées par le service, effectuées dans les 365 derniers jours."
)

MEASURE_INDICATORS = (
    TO_ASSIGN,
    ONGOING,
    COMPLETED,
    FAILED,
    COMPLETION_RATE,
    ASSIGNMENTS,
    DAYS_TO_ASSIGNMENT,
    HOURS_DONE,
)
# The counts of persons, which secrecy covers (a rate, a median or hours are not persons).
PERSON_COUNTS = (TO_ASSIGN, ONGOING, COMPLETED, FAILED, ASSIGNMENTS)
YEAR = timedelta(days=365)


def measure(on: date, chains: dict[str, list[Territory]]) -> dict[Territory, dict[str, Decimal]]:
    """Every measures indicator for every territory that has measures (others are zero). `chains`
    gives the territories each département counts in (tig.stats.indicators.chains)."""
    if not settings.MEASURES_ENABLED:
        return {}
    values: dict[Territory, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(_CODES, Decimal(0)))
    since = on - YEAR
    column = "service__departement_id"
    measures = (
        Measure.objects.order_by()
        .values(column)
        .annotate(
            to_assign=Count("pk", filter=Q(status=MeasureStatus.REFERRED)),
            ongoing=Count("pk", filter=Q(status__in=[MeasureStatus.ASSIGNED, MeasureStatus.IN_PROGRESS])),
            completed=Count(
                "pk", filter=Q(status=MeasureStatus.COMPLETED, closed_at__date__gt=since, closed_at__date__lte=on)
            ),
            failed=Count(
                "pk", filter=Q(status=MeasureStatus.FAILED, closed_at__date__gt=since, closed_at__date__lte=on)
            ),
        )
    )
    for row in measures:
        for territory in chains[row[column]]:
            figures = values[territory]
            figures[TO_ASSIGN.code] += row["to_assign"]
            figures[ONGOING.code] += row["ongoing"]
            figures[COMPLETED.code] += row["completed"]
            figures[FAILED.code] += row["failed"]
    placements = Placement.objects.filter(decided_at__date__gt=since, decided_at__date__lte=on).order_by()
    for row in placements.values("measure__service__departement_id").annotate(n=Count("pk")):
        for territory in chains[row["measure__service__departement_id"]]:
            values[territory][ASSIGNMENTS.code] += row["n"]
    hours = Attendance.objects.filter(
        worked_on__gt=since, worked_on__lte=on, validated_at__isnull=False, set_aside_at__isnull=True
    ).order_by()
    for row in hours.values("placement__measure__service__departement_id").annotate(n=Sum("hours")):
        for territory in chains[row["placement__measure__service__departement_id"]]:
            values[territory][HOURS_DONE.code] += row["n"] or 0
    # The first assignment of each measure assigned within the year, in days since the sentence.
    delays: dict[Territory, list[int]] = defaultdict(list)
    first = (
        Measure.objects.order_by()
        .annotate(first_assigned=Min("placements__decided_at"))
        .filter(first_assigned__date__gt=since, first_assigned__date__lte=on)
        .values_list(column, "sentence_date", "first_assigned")
    )
    for departement, sentenced, assigned in first:
        for territory in chains[departement]:
            delays[territory].append(max((assigned.date() - sentenced).days, 0))
    for territory, figures in values.items():
        closed = figures[COMPLETED.code] + figures[FAILED.code]
        if closed:
            rate = figures[COMPLETED.code] * 100 / closed
            figures[COMPLETION_RATE.code] = rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if delays.get(territory):
            figures[DAYS_TO_ASSIGNMENT.code] = Decimal(str(median(delays[territory])))
    return dict(values)


_CODES = [indicator.code for indicator in MEASURE_INDICATORS]
