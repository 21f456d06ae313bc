"""Map data for a search: the same posts as the list, in few bytes.

Up to MAX_EXACT_POSTS posts, each place is sent once with its number of posts. Beyond, the
posts are counted per block of the search grid (tig/posts/search.py), blocks growing until
there are at most MAX_MAP_POINTS of them; the client clusters what it gets. A point's
popup asks for the posts of its place or block (`posts_at`).
"""

from collections import Counter

from tig.accounts.models import User
from tig.posts.models import CELL_ROW, CELLS_PER_DEGREE
from tig.posts.search import (
    Criteria,
    Located,
    block_rows,
    cells_of_block,
    departement_survey,
    nearest,
    survey,
)

MAX_EXACT_POSTS = 2500
MAX_MAP_POINTS = 2500
DECIMALS = 5  # about one metre


def _places(located: list[Located]) -> Counter:
    return Counter((round(item.lat, DECIMALS), round(item.lon, DECIMALS)) for item in located)


def _blocks(counts: dict[int, int]) -> tuple[int, list[list]]:
    size = 1
    while True:
        blocks = Counter()
        for cell, n in counts.items():
            row, column = divmod(cell, CELL_ROW)
            blocks[row // size, column // size] += n
        if len(blocks) <= MAX_MAP_POINTS:
            break
        size *= 2
    half = size / 2 / CELLS_PER_DEGREE
    points = [
        [
            round(row * size / CELLS_PER_DEGREE - 90 + half, DECIMALS),
            round(column * size / CELLS_PER_DEGREE - 180 + half, DECIMALS),
            n,
        ]
        for (row, column), n in blocks.items()
    ]
    return size, points


def map_data(user: User, criteria: Criteria) -> dict:
    if criteria.commune is None:
        # A whole département: counted by cell in the database; its posts read one by one
        # only when there are few.
        found = departement_survey(user, criteria)
        total = found.total
        places = _places(found.located()) if total <= MAX_EXACT_POSTS else None
        counts = None if places is not None and len(places) <= MAX_MAP_POINTS else found.per_cell()
    else:
        found = survey(user, criteria, by_cell=True)
        total = found.total
        places = _places(nearest(found, total)) if total <= MAX_EXACT_POSTS else None
        counts = None if places is not None and len(places) <= MAX_MAP_POINTS else found.per_cell()
    if counts is None:
        data = {"total": total, "block": 0, "points": [[lat, lon, n] for (lat, lon), n in places.items()]}
    else:
        size, points = _blocks(counts)
        data = {"total": total, "block": size, "points": points}
    if criteria.commune is not None:
        data["center"] = [criteria.commune.lat, criteria.commune.lon]
        data["radius_km"] = criteria.radius_km
    return data


def posts_at(user: User, criteria: Criteria, lat: float, lon: float, block: int) -> list[Located]:
    """The posts behind one point of map_data: one place (block 0), or one block of cells."""
    located = block_rows(user, criteria, cells_of_block(lat, lon, max(block, 1)))
    if block:
        return located
    here = (round(lat, DECIMALS), round(lon, DECIMALS))
    return [item for item in located if (round(item.lat, DECIMALS), round(item.lon, DECIMALS)) == here]
