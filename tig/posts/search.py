"""Search of posts around a commune or in a département.

Around a commune, the work is done on a grid (Post.cell, CELLS_PER_DEGREE cells per
degree, in the search index with every filtered column):

1. one query counts the matching posts per cell of the circle's bounding box, through
   the index alone;
2. cells entirely inside the circle count as they are; the posts of the cells that the
   circle's edge crosses are read (pre-filtered in SQL by a planar distance) and kept if
   their exact haversine distance is within the radius: that gives the exact total;
3. the page comes from the cells around the centre that surely hold the posts up to that
   page, ordered in SQL by the planar distance, then exactly here (distance, then id, so
   that pages are stable).

So a search reads a few hundred rows, not the tens of thousands around Paris. The search
view, the map data and the benchmark all go through this module: they see the same
results. See docs/decisions/0002-recherche-par-grille.md.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections

from tig.posts.enums import ActivityDomain, MeasureType, measure_types_label
from tig.posts.models import CELL_ROW, CELLS_PER_DEGREE, Post
from tig.territories.geo import EARTH_RADIUS_KM, bounding_box
from tig.territories.models import Commune, Departement


@dataclass(frozen=True)
class Summary:
    """What a result (in the list or a map popup) shows of a post: read as plain values,
    without building model instances (the list is the platform's busiest page)."""

    pk: int
    title: str
    domain: str
    places_offered: int
    places_available: int
    open_on_weekends: bool
    collective: bool
    minors_allowed: bool
    pmr_accessible: bool
    public_transport: bool
    accepts_tig: bool
    accepts_tnr: bool
    organisation_name: str
    commune_name: str
    departement_code: str

    @property
    def commune_label(self) -> str:
        return f"{self.commune_name} ({self.departement_code})"

    @property
    def search_tags(self) -> list[str]:
        flags = [
            (True, measure_types_label(self.accepts_tig, self.accepts_tnr)),
            (self.open_on_weekends, "Week-end"),
            (self.collective, "Chantier collectif"),
            (self.minors_allowed, "Mineurs 16 ans et plus"),
            (self.pmr_accessible, "Accessible PMR"),
            (self.public_transport, "Transports en commun"),
        ]
        return [ActivityDomain(self.domain).label] + [label for shown, label in flags if shown]


SUMMARY_COLUMNS = (
    "pk",
    "title",
    "domain",
    "places_offered",
    "places_available",
    "open_on_weekends",
    "collective",
    "minors_allowed",
    "pmr_accessible",
    "public_transport",
    "accepts_tig",
    "accepts_tnr",
    "organisation__name",
    "commune__name",
    "commune__departement_id",
)


def summaries(ids: list[int]) -> dict[int, Summary]:
    rows = Post.objects.filter(pk__in=ids).order_by().values_list(*SUMMARY_COLUMNS)
    return {row[0]: Summary(*row) for row in rows}


RADIUS_MIN_KM = 5
RADIUS_MAX_KM = 100
RADIUS_DEFAULT_KM = 20
PAGE_SIZE = 20
# Guards against rounding at the exact edge of a cell: a cell is "inside" only with room to spare.
EDGE_EPSILON_DEG = 1e-9


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


@dataclass
class Hit:
    post: Summary
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
    """A post reduced to what ordering and the map need."""

    distance_km: float | None
    id: int
    lat: float
    lon: float


def filtered(user, criteria: Criteria):
    """The posts the user may find that match every filter, the radius aside.

    Only conditions on the post's own columns (the département through a subquery): the
    grid queries reuse this WHERE clause as it is."""
    qs = Post.objects.searchable_by(user)
    if criteria.departement is not None:
        qs = qs.filter(commune__in=Commune.objects.filter(departement=criteria.departement).values("pk"))
    if criteria.domains:
        qs = qs.filter(domain__in=criteria.domains)
    if criteria.available_only:
        qs = qs.filter(places_available__gt=0)
    if criteria.weekend:
        qs = qs.filter(open_on_weekends=True)
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
    return qs.order_by()


# The grid ---------------------------------------------------------------------------------

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def row_of(lat: float) -> int:
    return math.floor((lat + 90) * CELLS_PER_DEGREE)


def column_of(lon: float) -> int:
    return math.floor((lon + 180) * CELLS_PER_DEGREE)


def row_south(row: int) -> float:
    return row / CELLS_PER_DEGREE - 90


def column_west(column: int) -> float:
    return column / CELLS_PER_DEGREE - 180


def cell_centre(cell: int) -> tuple[float, float]:
    row, column = divmod(cell, CELL_ROW)
    return row_south(row) + 0.5 / CELLS_PER_DEGREE, column_west(column) + 0.5 / CELLS_PER_DEGREE


class Circle:
    """A circle on the sphere and how the rows of the grid cross it."""

    def __init__(self, lat: float, lon: float, radius_km: float):
        self.lat, self.lon, self.radius_km = lat, lon, radius_km
        self.phi0 = math.radians(lat)
        self.lambda0 = math.radians(lon)
        self.cos_phi0 = math.cos(self.phi0)
        angular = radius_km / EARTH_RADIUS_KM
        # Haversine term of the radius: a point is inside when its own term is not larger.
        self.limit = math.sin(angular / 2) ** 2
        # Latitude of the points where the circle is widest in longitude.
        self.widest_lat = math.degrees(math.asin(max(-1.0, min(1.0, math.sin(self.phi0) / math.cos(angular)))))
        self.box = bounding_box(lat, lon, radius_km)
        self.lon_scale = KM_PER_DEGREE * self.cos_phi0
        self.lon_slope = KM_PER_DEGREE * math.sin(self.phi0) * math.pi / 360

    def haversine_term(self, lat: float, lon: float) -> float:
        phi = math.radians(lat)
        return (
            math.sin((phi - self.phi0) / 2) ** 2
            + self.cos_phi0 * math.cos(phi) * math.sin((math.radians(lon) - self.lambda0) / 2) ** 2
        )

    def distance_km(self, term: float) -> float:
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(term))

    def planar_km(self, lat: float, lon: float) -> float:
        """The planar distance that GridQuery computes in SQL (longitude scaled at the
        mid-latitude): within APPROXIMATION_MARGIN_KM of the true one up to 100 km."""
        dy = (lat - self.lat) * KM_PER_DEGREE
        dx = (lon - self.lon) * (self.lon_scale - self.lon_slope * (lat - self.lat))
        return math.hypot(dx, dy)

    def half_width(self, lat: float) -> float | None:
        """Half the circle's extent in longitude (degrees) at a latitude; None outside it."""
        remaining = self.limit - math.sin((math.radians(lat) - self.phi0) / 2) ** 2
        if remaining < 0:
            return None
        ratio = remaining / (self.cos_phi0 * math.cos(math.radians(lat)))
        return 180.0 if ratio >= 1 else math.degrees(2 * math.asin(math.sqrt(ratio)))

    def rows(self) -> range:
        return range(row_of(self.box.min_lat), row_of(self.box.max_lat) + 1)

    def columns(self, row: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        """For a row of the grid: the columns it shares with the circle, and among them
        those lying entirely inside it (None when there are none)."""
        south = row_south(row)
        north = row_south(row + 1)
        widest = self.half_width(min(max(self.widest_lat, south), north))
        if widest is None:
            return None, None
        widest += EDGE_EPSILON_DEG
        touching = (column_of(self.lon - widest), column_of(self.lon + widest))
        narrow_south, narrow_north = self.half_width(south), self.half_width(north)
        if narrow_south is None or narrow_north is None:
            return touching, None
        narrowest = min(narrow_south, narrow_north) - EDGE_EPSILON_DEG
        first = math.ceil((self.lon - narrowest + 180) * CELLS_PER_DEGREE)
        last = math.floor((self.lon + narrowest + 180) * CELLS_PER_DEGREE) - 1
        return touching, ((first, last) if first <= last else None)


# SQL on the grid ---------------------------------------------------------------------------

# Bound on the error of the planar approximation below, for radii up to 100 km: the measured
# maximum at French latitudes is under 3 m (tests/posts/test_search_grid.py checks it).
APPROXIMATION_MARGIN_KM = 0.05
# Half the diagonal of a cell, at most (where a degree of longitude is longest).
CELL_HALF_DIAGONAL_KM = math.sqrt(2) * KM_PER_DEGREE / CELLS_PER_DEGREE / 2


class GridQuery:
    """The matching posts of a search, read cell by cell through the search index."""

    def __init__(self, queryset, circle: "Circle | None" = None):
        self.connection = connections[queryset.db]
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            self.where, self.params = compiler.compile(queryset.query.where)
        except EmptyResultSet:
            self.where, self.params = None, []
        quote = self.connection.ops.quote_name
        self.table = quote(Post._meta.db_table)
        self.cell = f"{self.table}.{quote('cell')}"
        self.columns = ", ".join(f"{self.table}.{quote(name)}" for name in ("id", "lat", "lon"))
        if circle is not None:
            # Squared planar distance in km, the longitude scaled at the mid-latitude: only
            # arithmetic, which both databases evaluate inside the index scan.
            lat, lon = f"{self.table}.{quote('lat')}", f"{self.table}.{quote('lon')}"
            dx = f"(({lon} - %s) * (%s - %s * ({lat} - %s)))"
            dy = f"(({lat} - %s) * %s)"
            self.approx = f"({dx} * {dx} + {dy} * {dy})"  # Circle.planar_km, squared
            dx_params = [circle.lon, circle.lon_scale, circle.lon_slope, circle.lat]
            dy_params = [circle.lat, KM_PER_DEGREE]
            self.approx_params = dx_params * 2 + dy_params * 2

    def _condition(self) -> str:
        return f"({self.where}) AND " if self.where else ""

    def counts(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """(cell, number of matching posts) for the ranges of cells (one per row of the grid)."""
        if self.where is None or not ranges:
            return []
        select = f"SELECT {self.cell}, COUNT(*) FROM {self.table} WHERE {self._condition()}"
        if self.connection.vendor == "postgresql":
            # One index range over all the rows, the columns checked within the index:
            # PostgreSQL would spend longer planning one query per row than scanning.
            first = min(low % CELL_ROW for low, _high in ranges)
            last = max(high % CELL_ROW for _low, high in ranges)
            sql = f"{select}{self.cell} BETWEEN %s AND %s AND ({self.cell} %% {CELL_ROW}) BETWEEN %s AND %s GROUP BY {self.cell}"
            return self._fetch(sql, [*self.params, ranges[0][0], ranges[-1][1], first, last])
        # SQLite: one index range per row of the grid, so that no entry outside the box is read.
        part = f"{select}{self.cell} BETWEEN %s AND %s GROUP BY {self.cell}"
        params = []
        for low, high in ranges:
            params += [*self.params, low, high]
        return self._fetch(" UNION ALL ".join([part] * len(ranges)), params)

    def rows(self, cells: list[int], *, within_km: float | None = None, nearest: int | None = None) -> list[tuple]:
        """(id, lat, lon[, approximate squared distance]) of the matching posts of some cells,
        only those roughly within a distance, or only the roughly nearest ones."""
        if self.where is None or not cells:
            return []
        select, params = self.columns, []
        sql = f"{self._condition()}{self.cell} IN ({', '.join(['%s'] * len(cells))})"
        params = [*self.params, *cells]
        if within_km is not None:
            sql += f" AND {self.approx} <= %s"
            params += [*self.approx_params, within_km * within_km]
        if nearest is not None:
            select += f", {self.approx}"
            params = [*self.approx_params, *params]
            sql += f" ORDER BY 4, 1 LIMIT {int(nearest)}"
        return self._fetch(f"SELECT {select} FROM {self.table} WHERE {sql}", params)

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _ranges(circle: Circle) -> list[tuple[int, int]]:
    ranges = []
    for row in circle.rows():
        touching, _inside = circle.columns(row)
        if touching:
            ranges.append((row * CELL_ROW + touching[0], row * CELL_ROW + touching[1]))
    return ranges


def _inside_cells(circle: Circle) -> dict[int, tuple[int, int]]:
    """{row: (first, last) columns entirely inside the circle}."""
    inside = {}
    for row in circle.rows():
        _touching, columns = circle.columns(row)
        if columns:
            inside[row] = columns
    return inside


def _is_inside(cell: int, inside: dict[int, tuple[int, int]]) -> bool:
    row, column = divmod(cell, CELL_ROW)
    columns = inside.get(row)
    return columns is not None and columns[0] <= column <= columns[1]


@dataclass
class Survey:
    """What a radius search knows after counting: matching posts per cell, the cells wholly
    inside the circle, and the posts of the other cells that are within the radius."""

    circle: Circle
    grid: GridQuery
    counts: dict[int, int]
    inside: dict[int, tuple[int, int]]
    edge: list[Located]

    @property
    def total(self) -> int:
        return sum(n for cell, n in self.counts.items() if _is_inside(cell, self.inside)) + len(self.edge)


def survey(user, criteria: Criteria) -> Survey:
    commune = criteria.commune
    circle = Circle(commune.lat, commune.lon, criteria.radius_km)
    grid = GridQuery(filtered(user, criteria), circle)
    ranges = _ranges(circle)
    touching = {low // CELL_ROW: (low, high) for low, high in ranges}
    counts = {
        cell: n
        for cell, n in grid.counts(ranges)
        if (row := touching.get(cell // CELL_ROW)) is not None and row[0] <= cell <= row[1]
    }
    inside = _inside_cells(circle)
    crossed = [cell for cell in counts if not _is_inside(cell, inside)]
    edge = _within(circle, grid.rows(crossed, within_km=circle.radius_km + APPROXIMATION_MARGIN_KM))
    return Survey(circle, grid, counts, inside, edge)


def _within(circle: Circle, rows) -> list[Located]:
    """The rows within the circle, nearest first with their distance; distances equal to
    the millimetre are ordered by id, so that pages are stable."""
    term, distance, limit = circle.haversine_term, circle.distance_km, circle.limit
    found = []
    for pk, lat, lon, *_approx in rows:
        value = term(lat, lon)
        if value <= limit:
            found.append(Located(distance(value), pk, lat, lon))
    found.sort(key=lambda item: (round(item.distance_km, 6), item.id))
    return found


def nearest(found: Survey, count: int) -> list[Located]:
    """The `count` nearest matching posts (all of them if there are fewer), exactly.

    Only the cells near enough are read: those touching the smallest circle whose wholly
    covered cells already hold `count` posts. The database orders them by the planar
    approximation; the exact order is restored here, and more rows are read in the rare
    case where the approximation could have left out a nearer post."""
    circle = found.circle
    if count <= 0 or not found.counts:
        return []
    # Distances to the cells' centres by the planar formula of the SQL (error within the
    # margin): every point of a cell is within CELL_HALF_DIAGONAL_KM of its centre.
    slack = CELL_HALF_DIAGONAL_KM + APPROXIMATION_MARGIN_KM
    centre_distance = {cell: circle.planar_km(*cell_centre(cell)) for cell in found.counts}
    cells = list(found.counts)
    covered = 0
    for cell, d in sorted(centre_distance.items(), key=lambda item: item[1]):
        if d + slack > circle.radius_km:
            break
        covered += found.counts[cell]
        if covered >= count:
            # The cells wholly within `reach` hold `count` posts: the nearest are within it.
            reach = d + slack
            cells = [cell for cell, d in centre_distance.items() if d - slack <= reach]
            break
    within = circle.radius_km + APPROXIMATION_MARGIN_KM
    limit = count + PAGE_SIZE
    rows = found.grid.rows(cells, within_km=within, nearest=limit)
    located = _within(circle, rows)
    if len(rows) < limit:
        return located[:count]  # every post of these cells was read
    last = located[count - 1].distance_km if len(located) >= count else circle.radius_km
    if math.sqrt(rows[-1][3]) - APPROXIMATION_MARGIN_KM > last:
        return located[:count]  # nothing left unread can be nearer
    # Ties at the limit (posts at the same place): read everything up to that distance.
    rows = found.grid.rows(cells, within_km=min(last + APPROXIMATION_MARGIN_KM, within))
    return _within(circle, rows)[:count]


def locate(user, criteria: Criteria) -> list[Located]:
    """Every matching post: nearest first within the radius, or in the département's order."""
    if criteria.commune is None:
        rows = filtered(user, criteria).order_by("commune__name", "title", "id").values_list("id", "lat", "lon")
        return [Located(None, pk, lat, lon) for pk, lat, lon in rows]
    found = survey(user, criteria)
    return nearest(found, found.total)


class _Count:
    """A sequence of a known length, for Django's paginator."""

    def __init__(self, total: int):
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        return range(self.total)[item]


def search(user, criteria: Criteria, page_number=None, per_page: int = PAGE_SIZE) -> Results:
    """One page of results and the total count."""
    if criteria.commune is None:
        qs = filtered(user, criteria).order_by("commune__name", "title", "id").values_list(*SUMMARY_COLUMNS)
        page = Paginator(qs, per_page).get_page(page_number)
        page.object_list = [Hit(Summary(*row)) for row in page.object_list]
        return Results(criteria=criteria, page=page, hits=page.object_list)

    found = survey(user, criteria)
    page = Paginator(_Count(found.total), per_page).get_page(page_number)
    wanted = nearest(found, page.end_index())[page.start_index() - 1 if page.start_index() else 0 :]
    posts = summaries([item.id for item in wanted])
    hits = [Hit(posts[item.id], item.distance_km) for item in wanted if item.id in posts]
    page.object_list = hits
    return Results(criteria=criteria, page=page, hits=hits)


def cells_of_block(lat: float, lon: float, size: int) -> list[int]:
    """The cells of the block of size × size cells that holds the point (see map.py)."""
    row, column = row_of(lat) // size * size, column_of(lon) // size * size
    return [(row + i) * CELL_ROW + column + j for i in range(size) for j in range(size)]


def block_rows(user, criteria: Criteria, cells: list[int]) -> list[Located]:
    """The matching posts in some cells, within the radius when there is one."""
    grid = GridQuery(filtered(user, criteria))
    rows = grid.rows(cells)
    if criteria.commune is None:
        return [Located(None, pk, lat, lon) for pk, lat, lon in sorted(rows)]
    return _within(Circle(criteria.commune.lat, criteria.commune.lon, criteria.radius_km), rows)


def counts_by_cell(found: Survey) -> dict[int, int]:
    """{cell: matching posts within the radius}: inner cells as counted, crossed cells as read."""
    result = {cell: n for cell, n in found.counts.items() if _is_inside(cell, found.inside)}
    edge = defaultdict(int)
    for item in found.edge:
        edge[row_of(item.lat) * CELL_ROW + column_of(item.lon)] += 1
    result.update(edge)
    return result
