"""What the apps above contribute to the organisation's pages, without organisations knowing
them: a section of the organisation's page (its posts, its files…) and a column of the list of
organisations (its active posts). Each app registers its own in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from tig.accounts.models import User
from tig.core.sections import Section as Section
from tig.core.sections import Sections
from tig.organisations.models import Organisation


@dataclass(frozen=True)
class Column:
    """A column of the list of organisations: `values(user, ids)` gives the value of each
    organisation of the page shown (one query for the page, whatever its length)."""

    name: str
    order: int
    header: str
    values: Callable[[Any, list[int]], dict[int, Any]]
    default: Any = ""


_sections = Sections()
_columns: dict[str, Column] = {}


def register_section(section: Section) -> None:
    _sections.register(section)


def register_column(column: Column) -> None:
    _columns[column.name] = column


def page_sections(request: HttpRequest, organisation: Organisation) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each section the user sees, in order."""
    return _sections.shown(request, organisation)


def list_columns(user: User, organisation_ids: list[int]) -> tuple[list[str], dict[int, list[Any]]]:
    """The headers of the contributed columns, and for each organisation its values in order."""
    columns = sorted(_columns.values(), key=lambda column: column.order)
    values = [column.values(user, organisation_ids) for column in columns]
    rows = {
        pk: [found.get(pk, column.default) for column, found in zip(columns, values, strict=True)]
        for pk in organisation_ids
    }
    return [column.header for column in columns], rows
