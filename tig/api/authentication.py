"""Requests carry a personal key: `Authorization: Bearer tig_…`. The key stands for its
holder's account: the API answers exactly what that account sees on the site."""

import weakref
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tig.accounts.models import User
from tig.api.models import ApiToken, digest

SCHEME = "bearer"


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in (SCHEME, "token"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("L'en-tête Authorization doit être « Bearer » suivi de la clé.")
        token = _find(digest(header[1]))
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


class _Reader:
    """How one model's row is read: its fields and, for each, the converters the ORM would apply
    on this connection's database (worked out once: they cost more than the query itself)."""

    def __init__(self, model: type[Model], alias: str) -> None:
        self.model, self.fields = model, list(model._meta.concrete_fields)
        self.attnames = [field.attname for field in self.fields]
        self.converters: list[tuple[int, list[Any], Any]] = []
        for index, field in enumerate(self.fields):
            column = field.get_col("t")
            found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if found:
                self.converters.append((index, found, column))
        self.alias = alias

    def instance(self, values: Sequence[Any]) -> Any:
        row = list(values)
        for index, converters, column in self.converters:
            for converter in converters:
                row[index] = converter(row[index], column, connection)
        return self.model.from_db(self.alias, self.attnames, row)


_readers: dict[str, tuple[_Reader, _Reader, str]] = {}


def _plan() -> tuple[_Reader, _Reader, str]:
    """The readers of the key and its holder, and the statement, for this database."""
    if connection.vendor not in _readers:
        tokens, users = _Reader(ApiToken, connection.alias), _Reader(User, connection.alias)
        columns = ", ".join([f't."{f.column}"' for f in tokens.fields] + [f'u."{f.column}"' for f in users.fields])
        sql = (
            f"SELECT {columns} FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id "
            "WHERE t.key_digest = %s AND t.revoked_at IS NULL AND t.expires_at > %s AND u.is_active"
        )
        _readers[connection.vendor] = (tokens, users, sql)
    return _readers[connection.vendor]


# On PostgreSQL the statement is prepared once per database session: planning the join cost as
# much as running it (0.45 ms a lookup, 0.22 ms prepared, bench/api.py). Django binds parameters
# on the client side, so PostgreSQL never prepares its statements by itself.
PREPARED = "tig_api_key"
_prepared_sessions: "weakref.WeakSet[Any]" = weakref.WeakSet()


def _execute(cursor: Any, sql: str, key_digest: str, now: Any) -> None:
    if connection.vendor != "postgresql":
        cursor.execute(sql, [key_digest, now])
        return
    session = connection.connection
    if session not in _prepared_sessions:
        cursor.execute(f"PREPARE {PREPARED}(text, timestamptz) AS " + sql.replace("%s", "$1", 1).replace("%s", "$2", 1))
        _prepared_sessions.add(session)
    cursor.execute(f"EXECUTE {PREPARED}(%s, %s)", [key_digest, now])


def _find(key_digest: str) -> ApiToken | None:
    """The usable key with its holder (the rules of ApiToken.objects.usable()), read in one plain
    statement: the ORM's query building cost as much as the search's own."""
    tokens, users, sql = _plan()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        _execute(cursor, sql, key_digest, now)
        row = cursor.fetchone()
    if row is None:
        return None
    token: ApiToken = tokens.instance(row[: len(tokens.fields)])
    token.user = users.instance(row[len(tokens.fields) :])
    return token
