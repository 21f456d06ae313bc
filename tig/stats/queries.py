"""Reading the indicators' history: the latest values of some territories, and a territory's
series at the end of each quarter (a quarter's figure is the last snapshot taken in it)."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Max

from tig.stats.indicators import Territory, measure
from tig.stats.models import Snapshot


def latest(
    territories: list[Territory], indicators: Iterable[str] | None = None
) -> tuple[date | None, dict[Territory, dict[str, Decimal]]]:
    """The latest snapshot's values for these territories (of these indicators, or all); computed
    now when none was taken yet (a new installation: the day is then None)."""
    day = Snapshot.objects.aggregate(day=Max("day"))["day"]
    if day is None:
        live = measure()
        return None, {territory: live.get(territory, {}) for territory in territories}
    wanted = set(territories)
    found: dict[Territory, dict[str, Decimal]] = {territory: {} for territory in territories}
    codes = {code for _level, code in territories}
    rows = Snapshot.objects.filter(day=day, code__in=codes)
    if indicators is not None:
        rows = rows.filter(indicator__in=list(indicators))
    for level, code, indicator, value in rows.values_list("level", "code", "indicator", "value"):
        if (level, code) in wanted:
            found[(level, code)][indicator] = value
    return day, found


def quarter_end(day: date) -> date:
    month = ((day.month - 1) // 3 + 1) * 3
    return date(day.year, month, {3: 31, 6: 30, 9: 30, 12: 31}[month])


def last_day_of_each_quarter(days: Iterable[date]) -> list[tuple[tuple[int, int], date]]:
    """((year, quarter), its last day among `days`), oldest first."""
    last: dict[tuple[int, int], date] = {}
    for day in sorted(days):
        last[(day.year, (day.month - 1) // 3 + 1)] = day
    return sorted(last.items())


Quarterly = list[tuple[tuple[int, int], str, dict[str, Decimal]]]


def _label(year: int, quarter: int, day: date) -> str:
    return f"T{quarter} {year}" + ("" if day == quarter_end(day) else f" (au {day:%d/%m/%Y})")


def quarterly(territory: Territory, indicators: list[str], quarters: int = 4) -> Quarterly:
    """The territory's indicators at the last snapshot of each of the last `quarters` quarters
    that have one, oldest first: ((2026, 3), « T3 2026 », values)."""
    level, code = territory
    series = Snapshot.objects.filter(level=level, code=code, indicator__in=indicators)
    chosen = last_day_of_each_quarter(set(series.values_list("day", flat=True)))[-quarters:]
    values: dict[date, dict[str, Decimal]] = {day: {} for _key, day in chosen}
    for day, indicator, value in series.filter(day__in=list(values)).values_list("day", "indicator", "value"):
        values[day][indicator] = value
    return [((year, quarter), _label(year, quarter, day), values[day]) for (year, quarter), day in chosen]


def quarterly_sums(
    territory: Territory, indicators: list[str], since: date
) -> dict[tuple[int, int], dict[str, Decimal]]:
    """The sum of the days of each quarter from `since`, for indicators that count a day's flow."""
    level, code = territory
    sums: dict[tuple[int, int], dict[str, Decimal]] = {}
    rows = Snapshot.objects.filter(level=level, code=code, indicator__in=indicators, day__gte=since).values_list(
        "day", "indicator", "value"
    )
    for day, indicator, value in rows:
        quarter = sums.setdefault((day.year, (day.month - 1) // 3 + 1), {})
        quarter[indicator] = quarter.get(indicator, Decimal(0)) + value
    return sums
