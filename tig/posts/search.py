"""Search of posts around a commune or in a département.

Around a commune, the work is done on a grid (Post.cell, CELLS_PER_DEGREE cells per
degree), through indexes that hold every filtered column (Post.Meta.indexes):

1. the cells wholly inside the circle are counted per cell, one index range per row of the
   grid, in one statement, through the narrow `post_count` index alone;
2. in the cells that the circle's edge crosses, the database counts the posts surely inside
   (a planar distance computed in SQL, with a margin for its error) and returns only those
   in the thin ring around the edge, whose exact haversine distance is measured here: that
   gives the exact total;
3. the page comes from the posts within a short reach of the centre — a band of latitudes
   in the cells around it, a range of `post_search` — ordered exactly here (distance, then
   id, so that pages are stable); the reach grows until it holds the page.

In a whole département, its communes are counted through the `post_departement` index, and
a page is read commune by commune in the list's order (commune name, then title), one index
range each: nothing sorts or reads the whole département.

So a search reads a few hundred rows, not the hundred thousand around Paris at a million
posts. The search view, the map data and the benchmark all go through this module: they see
the same results. See docs/decisions/0002-recherche-par-grille.md and 0009.
"""

import math
from collections import Counter
from dataclasses import dataclass, field, replace

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models import Count

from tig.accounts.models import User
from tig.posts.enums import ActivityDomain, MeasureType, SearchOrder, measure_types_label
from tig.posts.models import CELL_ROW, CELLS_PER_DEGREE, Post, Session
from tig.posts.sessions import upcoming
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
    order: str = SearchOrder.DISTANCE


@dataclass
class Hit:
    post: Summary
    distance_km: float | None = None
    sessions: list[Session] = field(default_factory=list)  # a collective worksite's next ones


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


def filtered(user: User, criteria: Criteria):
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


class Circle:
    """A circle on the sphere and how the rows of the grid cross it."""

    def __init__(self, lat: float, lon: float, radius_km: float) -> None:
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


def _cell(value: int) -> str:
    """A number of the grid, written into the SQL: our own integers, never the user's text.
    Hundreds of them per search would otherwise be placeholders for the driver to parse."""
    return str(int(value))


def _number(value: float) -> str:
    """A coordinate or a distance computed here, written into the SQL exactly (repr gives
    back the same double); a negative one in brackets, so that no « - - » becomes « -- »."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(value)
    return f"({value!r})" if value < 0 else repr(value)


class GridQuery:
    """The matching posts of a search, read cell by cell through the search index."""

    def __init__(self, queryset, circle: "Circle | None" = None) -> None:
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
        self.lat = f"{self.table}.{quote('lat')}"
        if circle is not None:
            # Squared planar distance in km, the longitude scaled at the mid-latitude: only
            # arithmetic, which both databases evaluate inside the index scan.
            lat, lon = self.lat, f"{self.table}.{quote('lon')}"
            lon0, lat0, scale, slope = (
                _number(value) for value in (circle.lon, circle.lat, circle.lon_scale, circle.lon_slope)
            )
            dx = f"(({lon} - {lon0}) * ({scale} - {slope} * ({lat} - {lat0})))"
            dy = f"(({lat} - {lat0}) * {_number(KM_PER_DEGREE)})"
            self.approx = f"({dx} * {dx} + {dy} * {dy})"  # Circle.planar_km, squared

    def _using(self, index: str) -> str:
        """The table, read through an index of Post.Meta. PostgreSQL weighs what each index
        holds; SQLite prefers the one whose third column some filter narrows, even when it
        lacks the place that the query reads, so it is told."""
        return f"{self.table} INDEXED BY {index}" if self.connection.vendor == "sqlite" else self.table

    def _in_cells(self, cells: list[int]) -> str:
        return f"{self.cell} IN ({', '.join(_cell(cell) for cell in cells)})"

    def _condition(self) -> str:
        return f"({self.where}) AND " if self.where else ""

    def counts(self, ranges: list[tuple[int, int]], *, by_cell: bool = False) -> list[tuple[int, int]]:
        """(index of the range, number of matching posts) for ranges of cells (one per row of the
        grid) — or, `by_cell`, (cell, number) for each cell that holds some (the map's blocks;
        grouping costs a fifth more where posts are dense).

        One statement, each range one range of the narrow `post_count` index read through the
        index alone (not the whole latitude band between the first and the last row). SQLite:
        one SELECT per range in a UNION ALL. PostgreSQL: the ranges as a table of bounds, each
        counted by a LATERAL subquery, planned once (thirty subqueries in a UNION ALL cost it
        more to plan than to run; joined plainly, the planner may prefer one scan of the whole
        index when a filter looks selective)."""
        if self.where is None or not ranges:
            return []
        key = self.cell if by_cell else "part"
        group = f" GROUP BY {self.cell}" if by_cell else ""
        if self.connection.vendor == "postgresql":
            bounds = ", ".join(f"({index}, {_cell(low)}, {_cell(high)})" for index, (low, high) in enumerate(ranges))
            sql = (
                f"SELECT counted.key, counted.n FROM (VALUES {bounds}) AS bounds (part, low, high), LATERAL "
                f"(SELECT {key} AS key, COUNT(*) AS n FROM {self.table} WHERE ({self.where}) "
                f"AND {self.cell} BETWEEN bounds.low AND bounds.high{group}) AS counted"
            )
            return self._fetch(sql, self.params)
        parts = [
            f"SELECT {self.cell if by_cell else index}, COUNT(*) FROM {self._using('post_count')} WHERE ({self.where}) "
            f"AND {self.cell} BETWEEN {_cell(low)} AND {_cell(high)}{group}"
            for index, (low, high) in enumerate(ranges)
        ]
        return self._fetch(" UNION ALL ".join(parts), self.params * len(ranges))

    def rows(
        self,
        cells: list[int],
        *,
        within_km: float | None = None,
        latitudes: tuple[float, float] | None = None,
    ) -> list[tuple]:
        """(id, lat, lon) of the matching posts of some cells, only those roughly within a
        distance of the centre (the planar approximation, in SQL), or within a band of latitudes
        (in each cell, a range of the search index, which orders a cell's posts by latitude)."""
        if self.where is None or not cells:
            return []
        sql = f"{self._condition()}{self._in_cells(cells)}"
        if latitudes is not None:
            sql += f" AND {self.lat} BETWEEN {_number(latitudes[0])} AND {_number(latitudes[1])}"
        if within_km is not None:
            sql += f" AND {self.approx} <= {_number(within_km * within_km)}"
        return self._fetch(f"SELECT {self.columns} FROM {self._using('post_search')} WHERE {sql}", self.params)

    def edge(self, cells: list[int], radius_km: float) -> tuple[list[tuple[int, int]], list[tuple]]:
        """For cells that the circle's edge crosses, in one statement: (cell, number of matching
        posts surely within the radius) — their planar distance is below it by more than the
        approximation's margin — and (id, lat, lon) of those in the ring around the edge, whose
        exact distance decides."""
        if self.where is None or not cells:
            return [], []
        inner, outer = (_number((radius_km + sign * APPROXIMATION_MARGIN_KM) ** 2) for sign in (-1, 1))
        source = f"FROM {self._using('post_search')} WHERE {self._condition()}{self._in_cells(cells)}"
        sql = (
            f"SELECT {self.cell}, COUNT(*), NULL, NULL, NULL {source} AND {self.approx} <= {inner} "
            f"GROUP BY {self.cell} UNION ALL SELECT NULL, NULL, {self.columns} {source} "
            f"AND {self.approx} > {inner} AND {self.approx} <= {outer}"
        )
        rows = self._fetch(sql, self.params * 2)
        counts = [(cell, n) for cell, n, *_rest in rows if cell is not None]
        return counts, [row[2:] for row in rows if row[0] is None]

    def ids_by_commune(self, parts: list[tuple[int, int, int]]) -> list[int]:
        """Ids of the matching posts for (commune, offset, count) parts, in each commune by title
        then id (the order of a département's list): one range of the département index per
        part, in one statement; only the page's rows are sorted."""
        if self.where is None or not parts:
            return []
        quote = self.connection.ops.quote_name
        commune, title, pk = (f"{self.table}.{quote(name)}" for name in ("commune_id", "title", "id"))
        selects, params = [], []
        for index, (commune_id, offset, count) in enumerate(parts):
            selects.append(
                f"SELECT * FROM (SELECT {index} AS part, {pk} AS id, {title} AS title "
                f"FROM {self._using('post_departement')} WHERE {self._condition()}{commune} = {int(commune_id)} "
                f"ORDER BY {title}, {pk} LIMIT {int(count)} OFFSET {int(offset)}) AS part{index}"
            )
            params += self.params
        rows = self._fetch(" UNION ALL ".join(selects) + " ORDER BY 1, 3, 2", params)
        return [row[1] for row in rows]

    def _fetch(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _touched(circle: Circle) -> tuple[list[tuple[int, int]], list[int]]:
    """The cells the circle touches: per row of the grid, the range of those wholly inside
    it, and the others (those its edge crosses) one by one."""
    inside, crossed = [], []
    for row in circle.rows():
        touching, columns = circle.columns(row)
        if touching is None:
            continue
        first, last = columns or (touching[1] + 1, touching[1])
        if first <= last:
            inside.append((row * CELL_ROW + first, row * CELL_ROW + last))
        crossed += [
            row * CELL_ROW + column for column in range(touching[0], touching[1] + 1) if not first <= column <= last
        ]
    return inside, crossed


def _ranges(circle: Circle) -> list[tuple[int, int]]:
    """Per row of the grid, the range of cells the circle touches."""
    ranges = []
    for row in circle.rows():
        touching, _inside = circle.columns(row)
        if touching:
            ranges.append((row * CELL_ROW + touching[0], row * CELL_ROW + touching[1]))
    return ranges


@dataclass
class Survey:
    """What a radius search knows after counting: per row of the grid, the range of cells
    wholly inside the circle and its matching posts; per cell that the edge crosses, its
    matching posts within the radius."""

    circle: Circle
    grid: GridQuery
    inside: list[tuple[int, int]]
    inside_counts: list[int]
    crossed: dict[int, int]
    # The inner cells' counts one by one, when the survey was asked for them (the map's).
    inside_cells: dict[int, int] | None = None

    @property
    def total(self) -> int:
        return sum(self.inside_counts) + sum(self.crossed.values())

    def cells(self) -> list[int]:
        """Every cell that may hold a matching post within the radius."""
        return [cell for low, high in self.inside for cell in range(low, high + 1)] + list(self.crossed)

    def per_cell(self) -> dict[int, int]:
        """{cell: matching posts within the radius} (the map draws blocks of cells)."""
        if self.inside_cells is None:
            self.inside_cells = dict(self.grid.counts(self.inside, by_cell=True))
        return {**self.inside_cells, **self.crossed}


def survey(user: User, criteria: Criteria, *, by_cell: bool = False) -> Survey:
    """Count the matching posts within the radius: through the index alone in the cells wholly
    inside the circle, by their distance in those its edge crosses. `by_cell`: the inner cells
    counted one by one from the start (the map needs them; a list only the total)."""
    commune = criteria.commune
    circle = Circle(commune.lat, commune.lon, criteria.radius_km)
    grid = GridQuery(filtered(user, criteria), circle)
    inside, crossed = _touched(circle)
    inside_cells = None
    if by_cell:
        inside_cells = dict(grid.counts(inside, by_cell=True))
        rows = Counter()
        for cell, n in inside_cells.items():
            rows[cell // CELL_ROW] += n
        inside_counts = [rows[low // CELL_ROW] for low, _high in inside]
    else:
        counts = dict(grid.counts(inside))
        inside_counts = [counts.get(index, 0) for index in range(len(inside))]
    return Survey(circle, grid, inside, inside_counts, _crossed_within(circle, grid, crossed), inside_cells)


def _crossed_within(circle: Circle, grid: GridQuery, cells: list[int]) -> dict[int, int]:
    """{cell: posts within the radius} for cells the circle's edge crosses. The database
    counts the posts surely inside; only those in the 100 m ring around the edge are read, to
    be measured exactly."""
    counts, ring = grid.edge(cells, circle.radius_km)
    found = Counter(dict(counts))
    found.update(row_of(item.lat) * CELL_ROW + column_of(item.lon) for item in _within(circle, ring))
    return {cell: n for cell, n in found.items() if n}


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

    The posts within a distance `reach` of the centre are read — in the cells that the circle
    of that radius touches, only the latitudes within reach, a range of the search index — and
    if at least `count` of them lie within it, no post left unread can be nearer. The reach
    starts from the density of the cells around the centre (a few hundred metres where posts
    are dense) and doubles until it holds enough, up to the search's radius."""
    circle = found.circle
    count = min(count, found.total)
    if count <= 0:
        return []
    reach = _first_reach(found, count)
    while reach < circle.radius_km:
        located = _located_within(found, reach)
        if len(located) >= count:
            return located[:count]
        reach *= 2
    rows = found.grid.rows(found.cells(), within_km=circle.radius_km + APPROXIMATION_MARGIN_KM)
    return _within(circle, rows)[:count]


def _first_reach(found: Survey, count: int) -> float:
    """A radius that likely holds `count` matching posts: from the parts of the circle nearest
    the centre (its rows of inner cells, its crossed cells), as many as hold `count` posts, the
    area that many posts cover at their density."""
    circle = found.circle
    row, column = row_of(circle.lat), column_of(circle.lon)
    # Distances on the grid, in widths of a cell (a row is some 1.5 widths tall in France): a
    # row of inner cells spans the centre's column; a crossed cell lies at the circle's edge.
    parts = [
        (1.5 * abs(low // CELL_ROW - row), n, high - low + 1)
        for (low, high), n in zip(found.inside, found.inside_counts, strict=True)
    ]
    parts += [
        (math.hypot(1.5 * (cell // CELL_ROW - row), cell % CELL_ROW - column), n, 1)
        for cell, n in found.crossed.items()
    ]
    parts.sort()
    covered = cells = 0
    for _distance, n, width in parts:
        covered, cells = covered + n, cells + width
        if covered >= count:
            break
    cell_area = (KM_PER_DEGREE / CELLS_PER_DEGREE) ** 2 * circle.cos_phi0
    radius = math.sqrt(count / covered * cells * cell_area / math.pi)
    # A margin for posts unevenly spread, and never less than a street's width.
    return max(1.5 * radius, 0.1)


def _located_within(found: Survey, reach: float) -> list[Located]:
    """Every matching post within `reach` km of the centre, nearest first."""
    circle = found.circle
    small = Circle(circle.lat, circle.lon, reach)
    cells = [cell for low, high in _ranges(small) for cell in range(low, high + 1)]
    # A difference of latitude is never longer than the distance along the sphere.
    half_band = reach / KM_PER_DEGREE + EDGE_EPSILON_DEG
    rows = found.grid.rows(
        cells,
        within_km=reach + APPROXIMATION_MARGIN_KM,
        latitudes=(circle.lat - half_band, circle.lat + half_band),
    )
    return [item for item in _within(circle, rows) if item.distance_km <= reach]


class _Count:
    """A sequence of a known length, for Django's paginator."""

    def __init__(self, total: int) -> None:
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        return range(self.total)[item]


def search(user: User, criteria: Criteria, page_number=None, per_page: int = PAGE_SIZE) -> Results:
    """One page of results and the total count."""
    if criteria.order in (SearchOrder.PLACES, SearchOrder.CONFIRMATION):
        total, ordered = ordered_hits(user, criteria)
        page = Paginator(_Count(total), per_page).get_page(page_number)
        wanted = ordered[page.start_index() - 1 if page.start_index() else 0 : page.end_index()]
        posts = summaries([pk for pk, _distance in wanted])
        hits = [Hit(posts[pk], distance) for pk, distance in wanted if pk in posts]
    elif criteria.commune is None:
        found = departement_survey(user, criteria)
        page = Paginator(_Count(found.total), per_page).get_page(page_number)
        start = page.start_index() - 1 if page.start_index() else 0
        ids = found.ids(start, len(page))
        posts = summaries(ids)
        hits = [Hit(posts[pk]) for pk in ids if pk in posts]
    else:
        found = survey(user, criteria)
        page = Paginator(_Count(found.total), per_page).get_page(page_number)
        wanted_located = nearest(found, page.end_index())[page.start_index() - 1 if page.start_index() else 0 :]
        posts = summaries([item.id for item in wanted_located])
        hits = [Hit(posts[item.id], item.distance_km) for item in wanted_located if item.id in posts]
    worksites = upcoming(hit.post.pk for hit in hits if hit.post.collective)
    for hit in hits:
        hit.sessions = worksites.get(hit.post.pk, [])
    page.object_list = hits
    return Results(criteria=criteria, page=page, hits=hits)


# Ids read at once when every result is needed (a sort other than the distance, an export).
ID_CHUNK = 5000


def ordered_hits(
    user: User, criteria: Criteria, limit: int | None = None
) -> tuple[int, list[tuple[int, float | None]]]:
    """How many results there are, and each as (id, distance) in the order asked — the `limit`
    first only, when given: for the sorts the search cannot do on its grid, and for the exports
    of all the results. Around a commune the distances are exact (nearest first, then id); in a
    département the list's order (commune, then title) comes first."""
    resorted = criteria.order in (SearchOrder.PLACES, SearchOrder.CONFIRMATION)
    located: list[tuple[int, float | None]]
    if criteria.commune is None:
        found = departement_survey(user, criteria)
        total = found.total
        wanted = total if resorted or limit is None else min(total, limit)
        located = [(pk, None) for pk in found.ids(0, wanted)] if wanted else []
    else:
        around = survey(user, criteria)
        total = around.total
        wanted = total if resorted or limit is None else min(total, limit)
        located = [(item.id, item.distance_km) for item in nearest(around, wanted)]
    if resorted:
        column = "places_available" if criteria.order == SearchOrder.PLACES else "last_confirmed_at"
        values: dict[int, object] = {}
        ids = [pk for pk, _distance in located]
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start : start + ID_CHUNK]
            values.update(Post.objects.filter(pk__in=chunk).order_by().values_list("pk", column))
        rank = {pk: index for index, (pk, _distance) in enumerate(located)}
        # The largest first; among equals, the list's own order (the nearest, the commune).
        located.sort(key=lambda hit: (_descending(values.get(hit[0])), rank[hit[0]]))
    return total, located if limit is None else located[:limit]


def _descending(value: object) -> float:
    if value is None:
        return math.inf
    if hasattr(value, "timestamp"):
        return -value.timestamp()  # type: ignore[attr-defined]
    return -float(value)  # type: ignore[arg-type]


# A whole département ------------------------------------------------------------------------


@dataclass
class DepartementSurvey:
    """What a whole-département search knows after counting: the département's communes in
    the list's order (name, then id) and the matching posts of each, through the département
    index alone."""

    posts: "models.QuerySet"
    communes: list[int]
    counts: dict[int, int]
    grid: GridQuery

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def ids(self, start: int, count: int) -> list[int]:
        """The ids of `count` posts from position `start` of the list."""
        parts = []
        for commune in self.communes:
            held = self.counts.get(commune, 0)
            if start >= held:
                start -= held
                continue
            taken = min(held - start, count)
            parts.append((commune, start, taken))
            start, count = 0, count - taken
            if not count:
                break
        return self.grid.ids_by_commune(parts)

    def per_cell(self) -> dict[int, int]:
        """{cell: matching posts}, counted by the database (the map)."""
        return dict(self.posts.values("cell").annotate(n=Count("pk")).values_list("cell", "n"))

    def located(self) -> list[Located]:
        return [Located(None, pk, lat, lon) for pk, lat, lon in self.posts.values_list("pk", "lat", "lon")]


def departement_survey(user: User, criteria: Criteria) -> DepartementSurvey:
    communes = list(
        Commune.objects.filter(departement=criteria.departement).order_by("name", "id").values_list("pk", flat=True)
    )
    # The département as its communes, listed: an IN the index ranges over, never a join.
    matching = filtered(user, replace(criteria, departement=None))
    posts = matching.filter(commune_id__in=communes)
    counts = dict(posts.values("commune_id").annotate(n=Count("pk")).values_list("commune_id", "n"))
    return DepartementSurvey(posts, communes, counts, GridQuery(matching))


def cells_of_block(lat: float, lon: float, size: int) -> list[int]:
    """The cells of the block of size × size cells that holds the point (see map.py)."""
    row, column = row_of(lat) // size * size, column_of(lon) // size * size
    return [(row + i) * CELL_ROW + column + j for i in range(size) for j in range(size)]


def block_rows(user: User, criteria: Criteria, cells: list[int]) -> list[Located]:
    """The matching posts in some cells, within the radius when there is one."""
    grid = GridQuery(filtered(user, criteria))
    rows = grid.rows(cells)
    if criteria.commune is None:
        return [Located(None, pk, lat, lon) for pk, lat, lon in sorted(rows)]
    return _within(Circle(criteria.commune.lat, criteria.commune.lon, criteria.radius_km), rows)
