"""The deadline clock with suspensions, as pure arithmetic and with frozen dates."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tig.measures.deadline import effective_deadline, merged, suspended_days

TODAY = date(2026, 11, 22)
DEADLINE = date(2027, 3, 1)

days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
periods = st.lists(
    st.tuples(days, st.one_of(st.none(), st.integers(min_value=0, max_value=400))).map(
        lambda p: (p[0], None if p[1] is None else p[0] + timedelta(days=p[1]))
    ),
    max_size=8,
)


def test_examples():
    assert effective_deadline(DEADLINE, [], TODAY) == DEADLINE
    # Ten days of detention (both days included) push the deadline ten days back.
    assert effective_deadline(DEADLINE, [(date(2026, 10, 1), date(2026, 10, 10))], TODAY) == date(2027, 3, 11)
    # Two overlapping periods count once: 1–10 and 5–15 October are 15 days.
    assert (
        suspended_days([(date(2026, 10, 1), date(2026, 10, 10)), (date(2026, 10, 5), date(2026, 10, 15))], TODAY) == 15
    )
    # Back to back periods join.
    assert merged([(date(2026, 10, 1), date(2026, 10, 10)), (date(2026, 10, 11), date(2026, 10, 12))], TODAY) == [
        (date(2026, 10, 1), date(2026, 10, 12))
    ]
    # A period still running counts up to today, and each further day pushes the deadline.
    running = [(date(2026, 11, 20), None)]
    assert suspended_days(running, TODAY) == 3
    assert effective_deadline(DEADLINE, running, TODAY + timedelta(days=1)) == DEADLINE + timedelta(days=4)
    # A period recorded in advance does not count yet.
    assert suspended_days([(TODAY + timedelta(days=5), None)], TODAY) == 0


@given(periods)
def test_the_deadline_never_moves_earlier(suspensions):
    assert effective_deadline(DEADLINE, suspensions, TODAY) >= DEADLINE


@given(periods)
def test_overlaps_count_once_and_order_does_not_matter(suspensions):
    counted = suspended_days(suspensions, TODAY)
    assert counted == suspended_days(list(reversed(suspensions)), TODAY)
    assert counted == suspended_days(suspensions + suspensions, TODAY)
    every_day = {
        start + timedelta(days=i)
        for start, end in suspensions
        if start <= TODAY
        for i in range(((min(end or TODAY, TODAY)) - start).days + 1)
    }
    assert counted == len(every_day)


@given(periods, st.integers(min_value=0, max_value=60))
def test_time_passing_never_brings_the_deadline_forward(suspensions, later):
    assert effective_deadline(DEADLINE, suspensions, TODAY + timedelta(days=later)) >= effective_deadline(
        DEADLINE, suspensions, TODAY
    )
