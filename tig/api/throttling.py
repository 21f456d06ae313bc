"""Request limits per minute, counted in the database (RequestCount) so that they hold across
application servers: API_RATE_WITH_KEY per key, API_RATE_ANONYMOUS per address without one.

Each process adds its requests to the database by batches of API_RATE_BATCH (decision 0016):
writing every request cost a round trip to PostgreSQL of about half a millisecond, a quarter of
the API's whole cost over the search's. A process judges on the database's count read at its
last write plus what it has counted since; as soon as that sum comes within one batch of the
limit, it writes every request and judges on the database's count alone. A client can therefore
go past its limit by fewer than API_RATE_BATCH requests per process serving it, never more; with
API_RATE_BATCH = 1 every request is written and the limit is exact."""

import math
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from tig.api.models import ApiToken, RequestCount

if TYPE_CHECKING:  # rest_framework.views imports the throttles from the settings
    from rest_framework.views import APIView

WINDOW_SECONDS = 60
# Past this many clients followed in one process, those of earlier minutes are forgotten.
TALLIES_KEPT = 10_000


def current_minute(now: float | None = None) -> int:
    return int((now or time.time()) // WINDOW_SECONDS)


def count(client: str, now: float | None = None, hits: int = 1) -> int:
    """`hits` requests of the client added to the current minute's count: how many the client made
    in that minute, on every server, these included. One statement (an upsert that returns the
    count), so that concurrent servers never lose a request. On PostgreSQL the table is unlogged
    (migration 0002): its commit waits for no disk."""
    minute = current_minute(now)
    table = RequestCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client, minute, hits) VALUES (%s, %s, %s) "
            "ON CONFLICT (client, minute) DO UPDATE SET hits = " + table + ".hits + EXCLUDED.hits RETURNING hits",
            [client, minute, hits],
        )
        return int(cursor.fetchone()[0])


@dataclass
class _Tally:
    """One client's minute as this process sees it."""

    minute: int
    known: int = 0  # the database's count at this process's last write
    pending: int = 0  # counted here since, not yet written


class Counter:
    """What one process counts (one per process: `counter`)."""

    def __init__(self) -> None:
        self._tallies: dict[str, _Tally] = {}
        self._lock = threading.Lock()

    def hit(self, client: str, limit: int, now: float | None = None) -> int:
        """This request counted: the client's count in the current minute that the limit is judged
        on (exact within one batch of the limit, see the module's text)."""
        minute = current_minute(now)
        batch = max(1, settings.API_RATE_BATCH)
        with self._lock:
            tally = self._tallies.get(client)
            if tally is None or tally.minute != minute:
                if len(self._tallies) >= TALLIES_KEPT:
                    for name in [name for name, kept in self._tallies.items() if kept.minute != minute]:
                        del self._tallies[name]
                tally = self._tallies[client] = _Tally(minute)
            tally.pending += 1
            if tally.pending < batch and tally.known + tally.pending + batch <= limit:
                return tally.known + tally.pending
            hits, tally.pending = tally.pending, 0
        # Written outside the lock: another thread may count meanwhile, and is never counted twice.
        known = count(client, now, hits)
        with self._lock:
            tally.known = max(tally.known, known)
            return known + tally.pending

    def forget(self) -> None:
        """The counts not yet written are dropped (each test starts from nothing, as a server does)."""
        with self._lock:
            self._tallies.clear()


counter = Counter()


def purge(now: float | None = None) -> int:
    """Forget the minutes that are over (the daily task)."""
    minute = int((now or time.time()) // WINDOW_SECONDS)
    return RequestCount.objects.filter(minute__lt=minute - 1).delete()[0]


class MinuteThrottle(BaseThrottle):
    def allow_request(self, request: Request, view: "APIView") -> bool:
        if isinstance(request.auth, ApiToken):
            client, limit = f"cle:{request.auth.pk}", settings.API_RATE_WITH_KEY
        else:
            client, limit = f"ip:{self.get_ident(request)}"[:80], settings.API_RATE_ANONYMOUS
        self.limit = limit
        return counter.hit(client, limit) <= limit

    def wait(self) -> float:
        return math.ceil(WINDOW_SECONDS - time.time() % WINDOW_SECONDS)
