"""Calendar arithmetic of the legal delays, pure functions (tested with frozen dates)."""

from datetime import date, timedelta

from tig.core.dates import add_months

__all__ = ["add_months", "add_years", "decidable_from", "validity_end"]


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def validity_end(start: date, years: int) -> date:
    """The last day of a validity of `years` starting on `start` (5 years from 1 March 2026:
    up to 28 February 2031 included)."""
    return add_years(start, years) - timedelta(days=1)


def decidable_from(requested_on: date, *, months: int = 0, delay: timedelta = timedelta(0)) -> date:
    """The first day the decision may be taken without the opinions."""
    return add_months(requested_on, months) + delay
