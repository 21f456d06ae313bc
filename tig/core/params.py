"""Numbers, ids and dates read from a request, strictly: ASCII digits only (Python's int() and
str.isdigit() accept « ² » or « ٣ »), within bounds the database can hold. A bad value is a
`BadRequest` with a French message, which the site answers with its 400 page — never a 500."""

import re
from collections.abc import Mapping
from datetime import date

from django.core.exceptions import BadRequest

# Ids are 64-bit on both databases (BigAutoField): 18 digits always fit.
ID_PATTERN = "[0-9]{1,18}"
_DIGITS = re.compile(r"[0-9]{1,18}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# The dates the platform has any use for (a birth, a sentence, a deadline…).
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def parse_int(raw: str | None, *, minimum: int = 0, maximum: int = 10**18 - 1) -> int | None:
    """The integer written in raw, or None if raw is not a plain number within the bounds."""
    if raw is None or not _DIGITS.fullmatch(raw.strip()):
        return None
    value = int(raw.strip())
    return value if minimum <= value <= maximum else None


def int_param(
    data: Mapping[str, str], name: str, *, default: int | None = None, minimum: int = 0, maximum: int = 10**18 - 1
) -> int | None:
    """An integer parameter of a query string or a form: absent or empty gives the default; a
    value that is not a number within the bounds is a 400."""
    raw = data.get(name)
    if raw in (None, ""):
        return default
    value = parse_int(raw, minimum=minimum, maximum=maximum)
    if value is None:
        raise BadRequest(f"Le paramètre « {name} » doit être un nombre entier compris entre {minimum} et {maximum}.")
    return value


def id_param(data: Mapping[str, str], name: str) -> int | None:
    """The id of a record in a parameter (absent: None)."""
    return int_param(data, name, minimum=1)


def parse_date(raw: str | None) -> date | None:
    """An ISO date (AAAA-MM-JJ) between 1900 and 2199, or None."""
    match = _DATE.fullmatch((raw or "").strip())
    if not match:
        return None
    try:
        value = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return value if EARLIEST <= value <= LATEST else None


class IdConverter:
    """`<id:pk>` in the URLs (registered in CoreConfig.ready): an id that fits the database, or
    the URL does not match (404)."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
