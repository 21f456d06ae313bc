"""Requests carry a personal key: `Authorization: Bearer tig_…`. The key stands for its
holder's account: the API answers exactly what that account sees on the site."""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tig.accounts.models import User
from tig.api.models import ApiToken, RequestCount, digest
from tig.api.throttling import current_minute

SCHEME = "bearer"


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in (SCHEME, "token"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("L'en-tête Authorization doit être « Bearer » suivi de la clé.")
        token, hits = _find_and_count(digest(header[1]))
        request.api_hits = hits  # type: ignore[attr-defined]  # read by tig.api.throttling.MinuteThrottle
        if token is None:
            raise exceptions.AuthenticationFailed("Cette clé d'API est inconnue, expirée ou révoquée.")
        today = timezone.localdate()
        if token.last_used_on != today:
            # Without signals: the day of last use is not a modification for the audit log.
            ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes refusals 401 (with WWW-Authenticate) rather than 403.
        return 'Bearer realm="api"'


def _instance(model: type[Model], fields: Sequence[Field[Any, Any]], values: Sequence[Any]) -> Any:
    """A model instance from a row, each value converted as the ORM would."""
    converted = []
    for field, value in zip(fields, values, strict=True):
        for converter in connection.ops.get_db_converters(field.get_col("t")) + field.get_db_converters(connection):
            value = converter(value, field.get_col("t"), connection)
        converted.append(value)
    return model.from_db(connection.alias, [field.attname for field in fields], converted)


def _find_and_count(key_digest: str) -> tuple[ApiToken | None, int | None]:
    """The usable key with its holder (the rules of ApiToken.objects.usable()), read in one plain
    statement: the ORM's query building cost as much as the search's own. On PostgreSQL the same
    statement counts the request for the minute's limit (the upsert of tig.api.throttling.count,
    as a data-modifying CTE): a round trip less. Elsewhere the count is None, and the throttle
    counts."""
    token_fields = list(ApiToken._meta.concrete_fields)
    user_fields = list(User._meta.concrete_fields)
    tokens, users, counts = ApiToken._meta.db_table, User._meta.db_table, RequestCount._meta.db_table
    columns = ", ".join([f't."{f.column}"' for f in token_fields] + [f'u."{f.column}"' for f in user_fields])
    usable = (
        f"FROM {tokens} t JOIN {users} u ON u.id = t.user_id "
        "WHERE t.key_digest = %s AND t.revoked_at IS NULL AND t.expires_at > %s AND u.is_active"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if connection.vendor == "postgresql":
        # The row is read once (found), then counted and returned beside its count.
        aliased = ", ".join(
            [f't."{f.column}" AS "t_{f.column}"' for f in token_fields]
            + [f'u."{f.column}" AS "u_{f.column}"' for f in user_fields]
        )
        sql = (
            f"WITH found AS (SELECT {aliased} {usable}), "
            f"counted AS (INSERT INTO {counts} (client, minute, hits) SELECT 'cle:' || t_id, %s, 1 FROM found "
            f"ON CONFLICT (client, minute) DO UPDATE SET hits = {counts}.hits + 1 RETURNING hits) "
            "SELECT *, (SELECT hits FROM counted) FROM found"
        )
        params: list[Any] = [key_digest, now, current_minute()]
    else:
        sql, params = f"SELECT {columns}, NULL {usable}", [key_digest, now]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None, None
    token = _instance(ApiToken, token_fields, row[: len(token_fields)])
    token.user = _instance(User, user_fields, row[len(token_fields) : -1])
    return token, None if row[-1] is None else int(row[-1])
