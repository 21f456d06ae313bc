"""Map data for a search: the same posts as the list, as few bytes as possible.

Posts at the same place are sent once with their count. When a search covers too many
places (a 100 km radius around Paris), nearby places are merged into the cells of a
grid, coarse enough to stay under MAX_MAP_POINTS; the client clusters what it gets.
"""

import math
from collections import Counter

from tig.posts.search import Criteria, Located

MAX_MAP_POINTS = 2500
DECIMALS = 5  # about one metre
KM_PER_DEGREE = 111.2


def _initial_cell(located: list[Located], criteria: Criteria) -> float:
    if criteria.commune is not None:
        return criteria.radius_km / 50 / KM_PER_DEGREE
    lats = [item.lat for item in located]
    lons = [item.lon for item in located]
    return max(max(lats) - min(lats), max(lons) - min(lons), 0.01) / 100


def cell_of(lat: float, lon: float, cell: float) -> tuple[int, int]:
    return math.floor(lat / cell), math.floor(lon / cell)


def map_data(located: list[Located], criteria: Criteria) -> dict:
    places = Counter((round(item.lat, DECIMALS), round(item.lon, DECIMALS)) for item in located)
    cell = 0.0
    points = [[lat, lon, count] for (lat, lon), count in places.items()]
    if len(places) > MAX_MAP_POINTS:
        cell = _initial_cell(located, criteria)
        while True:
            cells = Counter(cell_of(item.lat, item.lon, cell) for item in located)
            if len(cells) <= MAX_MAP_POINTS:
                break
            cell *= 1.5
        points = [
            [round((i + 0.5) * cell, DECIMALS), round((j + 0.5) * cell, DECIMALS), count]
            for (i, j), count in cells.items()
        ]
    data = {"total": len(located), "cell": cell, "points": points}
    if criteria.commune is not None:
        data["center"] = [criteria.commune.lat, criteria.commune.lon]
        data["radius_km"] = criteria.radius_km
    return data


def located_at(located: list[Located], lat: float, lon: float, cell: float) -> list[Located]:
    """The posts behind one point of map_data: one place, or one cell of the grid."""
    if cell:
        wanted = cell_of(lat, lon, cell)
        return [item for item in located if cell_of(item.lat, item.lon, cell) == wanted]
    return [
        item
        for item in located
        if round(item.lat, DECIMALS) == round(lat, DECIMALS) and round(item.lon, DECIMALS) == round(lon, DECIMALS)
    ]
