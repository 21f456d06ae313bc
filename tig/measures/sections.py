"""What the apps above add to the measure's page (tig.collective: the worksite's sessions of
the measure), without measures knowing them. The service's side of the page only: the context
is asked for a user who may read the measure."""

from collections.abc import Callable
from typing import Any

from tig.core.sections import Sections

detail = Sections()

# The lines an app above adds to a placement's documents (the decision, the host's copy, the
# letter to the person): tig.collective lists the worksite's sessions the person is enrolled on.
_placement_details: list[Callable[[Any], list[str]]] = []


def register_placement_details(lines: Callable[[Any], list[str]]) -> None:
    if lines not in _placement_details:
        _placement_details.append(lines)


def placement_details(placement: Any) -> list[str]:
    return [line for lines in _placement_details for line in lines(placement)]
