"""Calendar arithmetic shared by the legal clocks (habilitations, measures)."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of the month when it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def years_between(earlier: date, later: date) -> int:
    """Full years from earlier to later (an age)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))
