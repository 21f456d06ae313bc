"""The deadline clock (CP 131-22): the date the sentence fixed, pushed back by every day the
period was suspended. Suspensions that overlap count once; one still running counts up to
today (and pushes the deadline further each day it lasts)."""

from collections.abc import Iterable
from datetime import date, timedelta


def merged(periods: Iterable[tuple[date, date | None]], today: date) -> list[tuple[date, date]]:
    """The suspended days as disjoint, sorted [start, end] ranges (both days included);
    an open period ends today; a period starting after today does not count yet."""
    ranges = sorted((start, min(end or today, today)) for start, end in periods if start <= today)
    result: list[tuple[date, date]] = []
    for start, end in ranges:
        if end < start:
            continue
        if result and start <= result[-1][1] + timedelta(days=1):
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def suspended_days(periods: Iterable[tuple[date, date | None]], today: date) -> int:
    return sum((end - start).days + 1 for start, end in merged(periods, today))


def effective_deadline(deadline: date, periods: Iterable[tuple[date, date | None]], today: date) -> date:
    """Never earlier than the deadline the court fixed."""
    return deadline + timedelta(days=suspended_days(periods, today))
