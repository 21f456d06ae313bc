"""Parts of a page that the apps above contribute, without the app of the page knowing them
(the organisation's page shows the posts and the files; the measure's page the worksite's
sessions). Each app registers its own in its AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    """A part of a page: `context(request, obj)` gives what its template shows, or None when
    the user is not to see it."""

    name: str
    order: int
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]  # (request, the page's object)


class Sections:
    """The sections registered for one page."""

    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def register(self, section: Section) -> None:
        self._sections[section.name] = section

    def shown(self, request: Any, obj: Any) -> list[tuple[str, dict[str, Any]]]:
        """(template, context) of each section the user sees, in order."""
        shown = []
        for section in sorted(self._sections.values(), key=lambda section: section.order):
            context = section.context(request, obj)
            if context is not None:
                shown.append((section.template, context))
        return shown
