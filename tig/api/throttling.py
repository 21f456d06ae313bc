"""Request limits per minute, counted in the database (RequestCount) so that they hold across
application servers: API_RATE_WITH_KEY per key, API_RATE_ANONYMOUS per address without one."""

import math
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from tig.api.models import ApiToken, RequestCount

if TYPE_CHECKING:  # rest_framework.views imports the throttles from the settings
    from rest_framework.views import APIView

WINDOW_SECONDS = 60


def current_minute(now: float | None = None) -> int:
    return int((now or time.time()) // WINDOW_SECONDS)


def count(client: str, now: float | None = None) -> int:
    """This request counted: how many the client made in the current minute, it included. One
    statement (an upsert that returns the count), so that concurrent servers never lose a request.
    On PostgreSQL the table is unlogged (migration 0002): its commit waits for no disk, which a
    synchronous commit per request would (it doubled the API's cost over the search's)."""
    minute = current_minute(now)
    table = RequestCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client, minute, hits) VALUES (%s, %s, 1) "
            "ON CONFLICT (client, minute) DO UPDATE SET hits = " + table + ".hits + 1 RETURNING hits",
            [client, minute],
        )
        return int(cursor.fetchone()[0])


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
        # On PostgreSQL the key's lookup has counted this request already (tig.api.authentication).
        hits = getattr(request, "api_hits", None)
        return (count(client) if hits is None else hits) <= limit

    def wait(self) -> float:
        return math.ceil(WINDOW_SECONDS - time.time() % WINDOW_SECONDS)
