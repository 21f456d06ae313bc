"""The API's limit per minute, counted by batches in each process (tig.api.throttling,
decision 0016): never a refusal under the limit, never more than one batch past it per process."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tig.api import throttling
from tig.api.models import RequestCount

pytestmark = pytest.mark.django_db

NOW = 1_000_000 * throttling.WINDOW_SECONDS + 5
_clients = itertools.count()


def written(client: str) -> int:
    return sum(RequestCount.objects.filter(client=client).values_list("hits", flat=True))


def test_far_from_the_limit_requests_are_written_by_batches(settings):
    settings.API_RATE_BATCH = 10
    counter = throttling.Counter()
    seen = [counter.hit("cle:1", 300, NOW) for _ in range(25)]
    assert seen == list(range(1, 26))  # the process judges on all it counted
    assert written("cle:1") == 20  # two batches written, five still in the process


def test_within_a_batch_of_the_limit_every_request_is_written(settings):
    settings.API_RATE_BATCH = 10
    counter = throttling.Counter()
    seen = [counter.hit("cle:1", 15, NOW) for _ in range(16)]
    assert seen == list(range(1, 17))
    assert written("cle:1") == 16  # the first five as one batch at the sixth, then each one


def test_a_new_minute_starts_from_nothing(settings):
    settings.API_RATE_BATCH = 1
    counter = throttling.Counter()
    assert [counter.hit("ip:1", 2, NOW) for _ in range(3)] == [1, 2, 3]
    assert counter.hit("ip:1", 2, NOW + throttling.WINDOW_SECONDS) == 1


def test_another_server_s_requests_count_when_this_one_writes(settings):
    settings.API_RATE_BATCH = 10
    counter = throttling.Counter()
    throttling.count("cle:1", NOW, hits=295)  # counted and written by other servers
    allowed = [counter.hit("cle:1", 300, NOW) <= 300 for _ in range(12)]
    # Nine pass before this process writes and learns of the others: past the limit by four.
    assert allowed == [True] * 9 + [False] * 3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    processes=st.integers(1, 4),
    batch=st.integers(1, 12),
    limit=st.integers(1, 60),
    order=st.lists(st.integers(0, 3), min_size=1, max_size=150),
)
def test_the_limit_holds_within_one_batch_per_process(settings, processes, batch, limit, order):
    settings.API_RATE_BATCH = batch
    client = f"cle:{next(_clients)}"
    counters = [throttling.Counter() for _ in range(processes)]
    allowed = 0
    for index, step in enumerate(order):
        if counters[step % processes].hit(client, limit, NOW) <= limit:
            allowed += 1
        if index < limit:
            assert allowed == index + 1  # under the limit, never refused
    assert allowed <= limit + processes * (batch - 1)
    if processes == 1 or batch == 1:
        assert allowed == min(len(order), limit)  # one process, or every request written: exact
