"""Search of posts around a commune or in a département.

Around a commune: a bounding box on the indexed lat/lon columns narrows the candidates,
the exact haversine distance keeps those within the radius and orders them (nearest
first, then by id so that pages are stable). Only the ids and points of the candidates
are read; whole rows are loaded for the page shown. The search view, the map data and
the benchmark all go through `search` and `locate`, so they see the same results.
"""

import math
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from tig.posts.enums import MeasureType
from tig.posts.models import Post
from tig.territories.geo import EARTH_RADIUS_KM, bounding_box
from tig.territories.models import Commune, Departement

RADIUS_MIN_KM = 5
RADIUS_MAX_KM = 100
RADIUS_DEFAULT_KM = 20
PAGE_SIZE = 20


@dataclass(frozen=True)
class Criteria:
    commune: Commune | None = None
    radius_km: int = RADIUS_DEFAULT_KM
    departement: Departement | None = None
    domains: tuple[str, ...] = ()
    available_only: bool = False
    weekend: bool = False
    minors: bool = False
    pmr: bool = False
    public_transport: bool = False
    measure: str = ""
    collective: bool = False

    @property
    def is_complete(self) -> bool:
        """A search needs a place: a commune, or a whole département."""
        return self.commune is not None or self.departement is not None


@dataclass
class Hit:
    post: Post
    distance_km: float | None = None


@dataclass
class Results:
    criteria: Criteria
    page: Page
    hits: list[Hit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count


@dataclass(frozen=True)
class Located:
    """A candidate reduced to what ordering and the map need."""

    distance_km: float | None
    id: int
    lat: float
    lon: float


def filtered(user, criteria: Criteria):
    """The posts the user may find that match every filter, the place aside from the radius."""
    qs = Post.objects.searchable_by(user)
    if criteria.departement is not None:
        qs = qs.filter(commune__departement=criteria.departement)
    if criteria.domains:
        qs = qs.filter(domain__in=criteria.domains)
    if criteria.available_only:
        qs = qs.with_places_available()
    if criteria.weekend:
        qs = qs.open_on_weekends()
    if criteria.minors:
        qs = qs.filter(minors_allowed=True)
    if criteria.pmr:
        qs = qs.filter(pmr_accessible=True)
    if criteria.public_transport:
        qs = qs.filter(public_transport=True)
    if criteria.measure == MeasureType.TIG:
        qs = qs.filter(accepts_tig=True)
    elif criteria.measure == MeasureType.TNR:
        qs = qs.filter(accepts_tnr=True)
    if criteria.collective:
        qs = qs.filter(collective=True)
    return qs


def locate(user, criteria: Criteria) -> list[Located]:
    """Every matching post, nearest first around the commune (within the radius), or in
    the département's order when searching a whole département."""
    qs = filtered(user, criteria)
    commune = criteria.commune
    if commune is None:
        rows = qs.order_by("commune__name", "title", "id").values_list("id", "lat", "lon")
        return [Located(None, pk, lat, lon) for pk, lat, lon in rows]

    radius = criteria.radius_km
    rows = qs.in_box(bounding_box(commune.lat, commune.lon, radius)).values_list("id", "lat", "lon")
    # The haversine formula, inlined: this loop runs over every candidate of the box.
    phi0 = math.radians(commune.lat)
    lambda0 = math.radians(commune.lon)
    cos_phi0 = math.cos(phi0)
    # Compare the haversine term itself with the radius' one: no asin per candidate.
    limit = math.sin(radius / (2 * EARTH_RADIUS_KM)) ** 2
    sin, cos, rad, asin, sqrt = math.sin, math.cos, math.radians, math.asin, math.sqrt
    found = []
    for pk, lat, lon in rows:
        phi = rad(lat)
        a = sin((phi - phi0) / 2) ** 2 + cos_phi0 * cos(phi) * sin((rad(lon) - lambda0) / 2) ** 2
        if a <= limit:
            found.append((a, pk, lat, lon))
    found.sort()
    diameter = 2 * EARTH_RADIUS_KM
    return [Located(diameter * asin(sqrt(a)), pk, lat, lon) for a, pk, lat, lon in found]


def search(user, criteria: Criteria, page_number=None, per_page: int = PAGE_SIZE) -> Results:
    """One page of results and the total count."""
    located = locate(user, criteria)
    page = Paginator(located, per_page).get_page(page_number)
    posts = Post.objects.select_related("organisation", "commune").in_bulk([item.id for item in page])
    hits = [Hit(posts[item.id], item.distance_km) for item in page if item.id in posts]
    return Results(criteria=criteria, page=page, hits=hits)
