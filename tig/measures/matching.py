"""A measure's search for a post: the platform's search, its criteria taken from what the
measure records of the person's constraints (a post with a place, near the residence)."""

from tig.measures.enums import MeasureKind
from tig.posts.enums import MeasureType
from tig.posts.search import RADIUS_DEFAULT_KM, RADIUS_MAX_KM, RADIUS_MIN_KM, Criteria

# The radii offered on the matching page, within the search's own bounds.
RADII = tuple(radius for radius in (10, 20, 30, 50, 100) if RADIUS_MIN_KM <= radius <= RADIUS_MAX_KM)


def radius_or_default(radius: int | None) -> int:
    return radius if radius in RADII else RADIUS_DEFAULT_KM


def criteria_for(measure, radius_km: int) -> Criteria:
    return Criteria(
        commune=measure.residence,
        radius_km=radius_or_default(radius_km),
        available_only=True,
        weekend=measure.works_weekdays,
        minors=measure.is_minor,
        pmr=measure.reduced_mobility,
        public_transport=measure.no_driving_licence,
        measure=MeasureType.TNR if measure.kind == MeasureKind.TNR else MeasureType.TIG,
    )
