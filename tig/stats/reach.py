"""The share of the population living within 10, 20 or 30 km of a post with a free place, on the
day measured: each commune counts for its whole legal population when the distance from its
point to the nearest post offered in search with a free place is within the distance (exact,
tig/posts/coverage.py). The share is of the territory's whole population: a commune with no
point in the reference geography counts as out of reach, never guessed."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from tig.posts.coverage import PointIndex
from tig.posts.models import Post
from tig.stats.indicators import Indicator, Territory, populations
from tig.territories.enums import CommuneKind
from tig.territories.models import Commune

DISTANCES_KM = (10, 20, 30)
REACH = {
    km: Indicator(
        f"population_within_{km}km",
        f"Population à {km} km au plus d'une place libre (%)",
        f"Part de la population des communes dont le point est à {km} km au plus d'un poste proposé ayant une place "
        "libre.",
    )
    for km in DISTANCES_KM
}
REACH_INDICATORS = tuple(REACH.values())


def free_places() -> PointIndex:
    return PointIndex(
        Post.objects.filter(listed=True, places_available__gt=0).order_by().values_list("lat", "lon").distinct()
    )


def measure(chains: dict[str, list[Territory]]) -> dict[Territory, dict[str, Decimal]]:
    """Every territory with a population, with its three shares (in %, two decimals)."""
    index = free_places()
    reached: dict[Territory, dict[int, int]] = defaultdict(lambda: dict.fromkeys(DISTANCES_KM, 0))
    communes = Commune.objects.filter(kind=CommuneKind.COMMUNE, lat__isnull=False, lon__isnull=False).order_by()
    for departement, population, lat, lon in communes.values_list("departement_id", "population", "lat", "lon"):
        distance = index.nearest_km(lat, lon, max(DISTANCES_KM))
        if distance is None or not population:
            continue
        for km in DISTANCES_KM:
            if distance <= km:
                for territory in chains[departement]:
                    reached[territory][km] += population
    values: dict[Territory, dict[str, Decimal]] = {}
    for territory, population in populations().items():
        if population:
            values[territory] = {
                REACH[km].code: (Decimal(reached[territory][km] * 100) / population).quantize(
                    Decimal("0.01"), rounding=ROUND_HALF_UP
                )
                for km in DISTANCES_KM
            }
    return values
