"""Coverage gaps (« zones blanches », docs/regles.md, P7): the communes of a territory where no
suitable post lies within N km — a post offered in search with a free place, of the kind of
work, open to minors or at weekends when asked — with the population living there, ranked.

Exact: the distance from each commune's point to the nearest suitable post (haversine, as the
search's), through tig.posts.coverage.PointIndex. A post of a neighbouring département counts:
the person crosses the border. A commune with no point in the reference geography is never
guessed: it is listed apart, and its population counted neither as covered nor as a gap."""

import math
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet

from tig.posts.coverage import PointIndex, TaggedPointIndex
from tig.posts.enums import ActivityDomain
from tig.posts.models import CELL_ROW, Post
from tig.posts.search import column_of, row_of
from tig.territories.enums import CommuneKind
from tig.territories.geo import bounding_box
from tig.territories.models import Commune

DISTANCE_MIN_KM = 5
DISTANCE_MAX_KM = 50
DISTANCE_DEFAULT_KM = 15
# The most rows of the search grid (1/50 of a degree each) a département's box is read by, a range
# of cells per row: about 6 degrees of latitude, more than any département spans with its margin.
GRID_ROWS_MAX = 300


@dataclass(frozen=True)
class Criteria:
    distance_km: int = DISTANCE_DEFAULT_KM
    domain: str = ""
    minors: bool = False
    weekend: bool = False

    @property
    def is_filtered(self) -> bool:
        return bool(self.domain or self.minors or self.weekend)


@dataclass(frozen=True)
class Gap:
    commune_id: int
    code: str
    name: str
    departement: str
    population: int
    lat: float | None
    lon: float | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.departement})"


@dataclass
class Coverage:
    criteria: Criteria
    communes: int = 0
    population: int = 0
    posts: int = 0
    places: int = 0
    gaps: list[Gap] = field(default_factory=list)  # the most populous first
    unlocated: list[Gap] = field(default_factory=list)

    @property
    def gap_population(self) -> int:
        return sum(gap.population for gap in self.gaps)

    @property
    def gap_share(self) -> Decimal | None:
        located = self.population - sum(gap.population for gap in self.unlocated)
        if not located:
            return None
        return (Decimal(self.gap_population * 100) / located).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def places_per_10k(self) -> Decimal | None:
        if not self.population:
            return None
        return (Decimal(self.places * 10_000) / self.population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def suitable_posts(criteria: Criteria) -> QuerySet[Post]:
    posts = Post.objects.filter(listed=True, places_available__gt=0)
    if criteria.domain:
        posts = posts.filter(domain=criteria.domain)
    if criteria.minors:
        posts = posts.filter(minors_allowed=True)
    if criteria.weekend:
        posts = posts.filter(open_on_weekends=True)
    return posts.order_by()


def _around(posts: QuerySet[Post], rows: list[tuple[Any, ...]], distance_km: int) -> QuerySet[Post]:
    """The posts that may be the nearest of some commune: those within distance_km of the
    communes' bounding box (every post, when the communes span more than a quarter of the globe)."""
    points = [(lat, lon) for *_, lat, lon in rows if lat is not None and lon is not None]
    if not points:
        return posts.none()
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    if east - west > 90:
        return posts
    margin_lat = math.degrees(distance_km / 6371.0088) + 0.01
    corners = [bounding_box(lat, lon, distance_km) for lat in (south, north) for lon in (west, east)]
    if any(len(box.lon_ranges) > 1 for box in corners):
        return posts
    low = min(box.lon_ranges[0][0] for box in corners)
    high = max(box.lon_ranges[0][1] for box in corners)
    south, north = south - margin_lat, north + margin_lat
    # The box as ranges of the search grid's cells, a row at a time, so that the search index
    # reads only the box (latitude and longitude alone would have it read every post).
    # A box of more than GRID_ROWS_MAX rows (a territory spread over the oceans) is read whole.
    posts = posts.filter(lat__gte=south, lat__lte=north, lon__gte=low, lon__lte=high)
    rows_of_box = range(row_of(south), row_of(north) + 1)
    if len(rows_of_box) > GRID_ROWS_MAX:
        return posts
    first, last = column_of(low), column_of(high)
    cells = Q()
    for row in rows_of_box:
        cells |= Q(cell__range=(row * CELL_ROW + first, row * CELL_ROW + last))
    return posts.filter(cells)


def _communes(departements: list[str] | None, area: frozenset[int] | None = None) -> list[tuple[Any, ...]]:
    communes = Commune.objects.filter(kind=CommuneKind.COMMUNE).order_by()
    if area is not None:
        communes = communes.filter(id__in=area)
    elif departements is not None:
        communes = communes.filter(departement_id__in=departements)
    return list(communes.values_list("id", "code", "name", "departement_id", "population", "lat", "lon"))


def _posts(
    departements: list[str] | None,
    criteria: Criteria,
    rows: list[tuple[Any, ...]],
    area: frozenset[int] | None = None,
) -> list[tuple[Any, ...]]:
    """The suitable posts that may matter: (lat, lon, domain, places offered, in the territory)."""
    posts = suitable_posts(criteria)
    nearby = posts if departements is None else _around(posts, rows, criteria.distance_km)
    # The territory's communes, the municipal arrondissements (a post's commune may be one) included.
    if area is not None:
        inside = set(area)
    elif departements is not None:
        inside = set(Commune.objects.filter(departement_id__in=departements).values_list("id", flat=True))
    else:
        inside = set()
    return [
        (lat, lon, domain, places, departements is None or commune in inside)
        for lat, lon, domain, places, commune in nearby.values_list(
            "lat", "lon", "domain", "places_offered", "commune_id"
        )
    ]


def _measure(rows: list[tuple[Any, ...]], posts: list[tuple[Any, ...]], criteria: Criteria) -> Coverage:
    index = PointIndex((lat, lon) for lat, lon, *_ in posts)
    reached = [
        None if lat is None or lon is None else index.nearest_km(lat, lon, criteria.distance_km) is not None
        for *_, lat, lon in rows
    ]
    return _result(criteria, rows, posts, reached)


def _result(
    criteria: Criteria, rows: list[tuple[Any, ...]], posts: list[tuple[Any, ...]], reached: list[bool | None]
) -> Coverage:
    """The coverage from each commune's answer: reached, not reached, or no point (None)."""
    inside = [places for *_, places, in_territory in posts if in_territory]
    result = Coverage(criteria, posts=len(inside), places=sum(inside))
    for row, answer in zip(rows, reached, strict=True):
        gap = Gap(*row)
        result.communes += 1
        result.population += gap.population
        if answer is None:
            result.unlocated.append(gap)
        elif not answer:
            result.gaps.append(gap)
    result.gaps.sort(key=lambda gap: (-gap.population, gap.name, gap.code))
    result.unlocated.sort(key=lambda gap: (-gap.population, gap.name, gap.code))
    return result


def compute(departements: list[str] | None, criteria: Criteria, area: frozenset[int] | None = None) -> Coverage:
    """The coverage of the communes of these départements (None: all of France), or of an area
    within them (the communes of a tribunal's « ressort »)."""
    rows = _communes(departements, area)
    return _measure(rows, _posts(departements, criteria, rows, area), criteria)


def with_domains(
    departements: list[str], criteria: Criteria, area: frozenset[int] | None = None
) -> tuple[Coverage, list[tuple[str, str, Coverage]]]:
    """The coverage and the same for each kind of work, from one reading of the communes and the
    posts and one pass: for each commune, the kinds of work of the suitable posts within the
    distance (a commune is reached when it has one, of the kind asked if one is)."""
    rows = _communes(departements, area)
    posts = _posts(departements, replace(criteria, domain=""), rows, area)
    index = TaggedPointIndex((lat, lon, domain) for lat, lon, domain, *_ in posts)
    reached = [
        None if lat is None or lon is None else index.tags_within(lat, lon, criteria.distance_km)
        for *_, lat, lon in rows
    ]

    def of(domain: str) -> Coverage:
        return _result(
            replace(criteria, domain=domain),
            rows,
            [post for post in posts if post[2] == domain],
            [None if domains is None else domain in domains for domains in reached],
        )

    overall = (
        of(criteria.domain)
        if criteria.domain
        else _result(criteria, rows, posts, [None if domains is None else bool(domains) for domains in reached])
    )
    return overall, [(domain.value, domain.label, of(domain.value)) for domain in ActivityDomain]
