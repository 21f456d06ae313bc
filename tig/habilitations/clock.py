"""Calendar arithmetic of the legal delays, pure functions (tested with frozen dates)."""

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of the month when it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def validity_end(start: date, years: int) -> date:
    """The last day of a validity of `years` starting on `start` (5 years from 1 March 2026:
    up to 28 February 2031 included)."""
    return add_years(start, years) - timedelta(days=1)


def decidable_from(requested_on: date, *, months: int = 0, delay: timedelta = timedelta(0)) -> date:
    """The first day the decision may be taken without the opinions."""
    return add_months(requested_on, months) + delay
