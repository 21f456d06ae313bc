"""The distance from a place to the nearest of a set of points (posts), exact, for many places at
once: the statistics' share of the population within 10, 20 or 30 km of a free place, and the
coverage gaps (« zones blanches ») of the prospecting.

The points are bucketed by cells of CELL_DEG degrees. A place looks in the cells that the
bounding box of a small radius touches, then of a radius twice as large, and so on up to the
greatest distance wanted: once the nearest point seen is within the radius searched, no point
outside that box can be nearer, so the answer is exact (the haversine distance, as the search's).
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable

from tig.territories.geo import EARTH_RADIUS_KM, bounding_box

CELL_DEG = 0.05  # about 5.5 km north-south
FIRST_RADIUS_KM = 2.5
CORNERS_WORTH = 4  # points in a cell above which TaggedPointIndex first checks its corners

Cell = tuple[int, int]


def _cell_index(value: float) -> int:
    return math.floor(value / CELL_DEG)


class PointIndex:
    """Points (latitude, longitude), for the nearest one to a place."""

    def __init__(self, points: Iterable[tuple[float, float]]) -> None:
        cells: dict[Cell, list[tuple[float, float, float]]] = defaultdict(list)
        for lat, lon in set(points):
            phi = math.radians(lat)
            cells[(_cell_index(lat + 90), _cell_index(lon + 180))].append((phi, math.radians(lon), math.cos(phi)))
        self.cells = dict(cells)

    def __len__(self) -> int:
        return sum(len(points) for points in self.cells.values())

    def _touched(self, lat: float, lon: float, radius_km: float) -> list[Cell]:
        box = bounding_box(lat, lon, radius_km)
        rows = range(_cell_index(box.min_lat + 90), _cell_index(box.max_lat + 90) + 1)
        found = []
        for west, east in box.lon_ranges:
            columns = range(_cell_index(west + 180), _cell_index(east + 180) + 1)
            found += [(row, column) for row in rows for column in columns if (row, column) in self.cells]
        return found

    def nearest_km(self, lat: float, lon: float, max_km: float) -> float | None:
        """The distance to the nearest point, or None when none lies within max_km."""
        if not self.cells:
            return None
        phi = math.radians(lat)
        lam = math.radians(lon)
        cos_phi = math.cos(phi)
        best = math.inf  # as the haversine's term a, monotonic with the distance
        seen: set[Cell] = set()
        radius = min(FIRST_RADIUS_KM, max_km)
        while True:
            for cell in self._touched(lat, lon, radius):
                if cell in seen:
                    continue
                seen.add(cell)
                for other_phi, other_lam, other_cos in self.cells[cell]:
                    term = (
                        math.sin((other_phi - phi) / 2) ** 2
                        + cos_phi * other_cos * math.sin((other_lam - lam) / 2) ** 2
                    )
                    if term < best:
                        best = term
            distance = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(best))) if best < math.inf else math.inf
            if distance <= radius:
                return distance
            if radius >= max_km:
                return None
            radius = min(radius * 2, max_km)


class TaggedPointIndex:
    """Points with a tag each (a post's kind of work), for the tags found within a distance of a
    place: one pass answers for every tag at once. A cell whose four corners all lie within the
    distance holds only points within it: its tags count without reading its points (the
    farthest point of so small a cell is one of its corners); the pass stops once every tag of
    the index is found."""

    def __init__(self, points: Iterable[tuple[float, float, str]]) -> None:
        cells: dict[Cell, list[tuple[float, float, float, str]]] = defaultdict(list)
        for lat, lon, tag in set(points):
            phi = math.radians(lat)
            cells[(_cell_index(lat + 90), _cell_index(lon + 180))].append((phi, math.radians(lon), math.cos(phi), tag))
        self.cells = dict(cells)
        self.cell_tags = {cell: frozenset(point[3] for point in points) for cell, points in self.cells.items()}
        self.all_tags = frozenset().union(*self.cell_tags.values()) if self.cell_tags else frozenset()

    def tags_within(self, lat: float, lon: float, km: float) -> set[str]:
        """The tags of the points at km or less (the haversine distance, as PointIndex's)."""
        box = bounding_box(lat, lon, km)
        phi, lam = math.radians(lat), math.radians(lon)
        cos_phi = math.cos(phi)
        # The haversine's term a at km (monotonic with the distance), a hair inside for the corners.
        limit = math.sin(km / (2 * EARTH_RADIUS_KM)) ** 2
        inside = math.sin((km - 1e-6) / (2 * EARTH_RADIUS_KM)) ** 2 if km > 1e-6 else -1.0

        def term(other_phi: float, other_lam: float, other_cos: float) -> float:
            return math.sin((other_phi - phi) / 2) ** 2 + cos_phi * other_cos * math.sin((other_lam - lam) / 2) ** 2

        found: set[str] = set()
        for west, east in box.lon_ranges:
            for row in range(_cell_index(box.min_lat + 90), _cell_index(box.max_lat + 90) + 1):
                for column in range(_cell_index(west + 180), _cell_index(east + 180) + 1):
                    cell = (row, column)
                    points = self.cells.get(cell)
                    if points is None or self.cell_tags[cell] <= found:
                        continue
                    # The corners cost four distances: worth it for a cell of many points only.
                    if len(points) > CORNERS_WORTH and self._corners_within(row, column, term, inside):
                        found |= self.cell_tags[cell]
                        continue
                    for other_phi, other_lam, other_cos, tag in points:
                        if (
                            tag not in found
                            and math.sin((other_phi - phi) / 2) ** 2
                            + cos_phi * other_cos * math.sin((other_lam - lam) / 2) ** 2
                            <= limit
                        ):
                            found.add(tag)
                    if len(found) == len(self.all_tags):
                        return found
        return found

    @staticmethod
    def _corners_within(row: int, column: int, term: Callable[[float, float, float], float], inside: float) -> bool:
        for corner_row in (row, row + 1):
            corner_phi = math.radians(corner_row * CELL_DEG - 90)
            corner_cos = math.cos(corner_phi)
            for corner_column in (column, column + 1):
                if term(corner_phi, math.radians(corner_column * CELL_DEG - 180), corner_cos) > inside:
                    return False
        return True
