"""Where a measure stands: the hours left, whether they still fit before the deadline at
the planned weekly rate, whether the deadline is near. Pure functions, shared by the
caseload, the record, the director's view and the daily alerts."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.template.defaultfilters import floatformat

from tig.measures.enums import MeasureStatus

# The officer is alerted this long before the deadline (issue 4: « 2 mois avant »).
DEADLINE_ALERT = timedelta(days=61)


def behind_pace(remaining_hours: Decimal, weekly_hours: int | None, today: date, due: date) -> bool:
    """True when the hours left no longer fit in the weeks left at the planned rate. Without
    a planned rate (no placement yet) there is nothing to compare: False."""
    if not weekly_hours or remaining_hours <= 0:
        return False
    weeks_left = Decimal(max((due - today).days, 0)) / 7
    return remaining_hours > weekly_hours * weeks_left


@dataclass(frozen=True)
class Standing:
    due: date
    remaining: Decimal
    late: bool  # the deadline has passed with hours left
    near: bool  # less than DEADLINE_ALERT left
    slow: bool  # the hours left no longer fit at the planned rate

    @property
    def alert(self) -> bool:
        return self.late or self.near or self.slow


def standing(measure, today: date) -> Standing:
    """`measure` comes from `Measure.objects.with_progress()` (its suspensions prefetched)."""
    due = measure.effective_deadline(today)
    remaining = max(Decimal(measure.hours_ordered) - measure.hours_validated, Decimal(0))
    if measure.is_closed:
        return Standing(due, remaining, late=False, near=False, slow=False)
    return Standing(
        due,
        remaining,
        late=due < today,
        near=today <= due and due - today <= DEADLINE_ALERT,
        slow=behind_pace(remaining - measure.hours_pending, measure.weekly_hours, today, due),
    )


def format_hours(value) -> str:
    """Hours as French writes them: 3,5 — 4 (not 4,0)."""
    return floatformat(value, "-1")


@dataclass(frozen=True)
class ToDo:
    """One kind of work waiting on the measures: its filter of the caseload (`?afaire=key`),
    and the label the home page and the caseload show."""

    key: str
    label: str
    applies: Callable[[Any, Standing], bool]


# The order is the home page's. A measure may be in several.
TO_DO = (
    ToDo("alertes", "Mesures en alerte (échéance proche ou dépassée, rythme insuffisant)", lambda m, s: s.alert),
    ToDo("affecter", "Mesures à affecter", lambda m, s: m.status == MeasureStatus.REFERRED),
    ToDo("heures", "Mesures avec des heures à valider", lambda m, s: m.hours_pending > 0),
    ToDo("incidents", "Incidents à rapporter au juge", lambda m, s: bool(m.unreported_incident)),
    ToDo("cloturer", "Mesures à clore (attestation reçue)", lambda m, s: bool(m.attested) and not m.is_closed),
)
TO_DO_BY_KEY = {todo.key: todo for todo in TO_DO}


def to_do_counts(ranked: Iterable[tuple[Any, Standing]]) -> dict[str, int]:
    """How many measures of (measure, standing) pairs each kind of work concerns."""
    counts = dict.fromkeys(TO_DO_BY_KEY, 0)
    for measure, state in ranked:
        for todo in TO_DO:
            counts[todo.key] += todo.applies(measure, state)
    return counts
