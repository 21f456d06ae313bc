"""The indicators, defined once: what each counts, computed for every territory in a few grouped
queries. The posts' indicators are a stock on the day they are measured (the posts offered in
search that day), never a cumulative count. Counts of persons (measures, placements) are in
tig/stats/measures.py, and what is published of them goes through tig/stats/secrecy.py."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from tig.posts.models import Post
from tig.stats.enums import NATIONAL_CODE, Level
from tig.territories.enums import CommuneKind
from tig.territories.models import Commune, Departement, Region


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str


POSTS = Indicator(
    "posts",
    "Postes proposés",
    "Postes proposés dans la recherche ce jour-là : ouverts, inscrits, structure habilitée, confirmés depuis moins d'un an.",
)
PLACES = Indicator("places", "Places offertes", "Somme des places offertes par ces postes.")
FREE_PLACES = Indicator("free_places", "Places libres", "Places offertes qu'aucune personne n'occupe.")
HOSTS = Indicator("hosts", "Structures d'accueil", "Structures ayant au moins un poste proposé dans le territoire.")
MINORS = Indicator(
    "posts_minors", "Postes ouverts aux mineurs", "Postes proposés ouverts aux mineurs de 16 ans et plus."
)
WEEKEND = Indicator(
    "posts_weekend", "Postes ouverts le week-end", "Postes proposés dont un horaire tombe le samedi ou le dimanche."
)
ACCESSIBLE = Indicator(
    "posts_accessible", "Postes accessibles", "Postes proposés accessibles aux personnes à mobilité réduite."
)
PER_10K = Indicator(
    "places_per_10k", "Places pour 10 000 habitants", "Places offertes rapportées à la population légale du territoire."
)

INDICATORS = (POSTS, PLACES, FREE_PLACES, HOSTS, MINORS, WEEKEND, ACCESSIBLE, PER_10K)
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}

_AGGREGATES = {
    POSTS.code: Count("pk"),
    PLACES.code: Sum("places_offered", default=0),
    FREE_PLACES.code: Sum("places_available", default=0),
    HOSTS.code: Count("organisation", distinct=True),
    MINORS.code: Count("pk", filter=Q(minors_allowed=True)),
    WEEKEND.code: Count("pk", filter=Q(open_on_weekends=True)),
    ACCESSIBLE.code: Count("pk", filter=Q(pmr_accessible=True)),
}

Territory = tuple[str, str]  # (level, code)


def territories() -> list[Territory]:
    """France, its régions and its départements, in that order."""
    return [
        (Level.NATIONAL, NATIONAL_CODE),
        *((Level.REGION, code) for code in Region.objects.order_by("code").values_list("code", flat=True)),
        *((Level.DEPARTEMENT, departement.code) for departement in Departement.objects.all()),
    ]


def measure() -> dict[Territory, dict[str, Decimal]]:
    """Every indicator for every territory, as the data stand now. Distinct counts (the hosts)
    are counted at each level, never summed from the level below."""
    values: dict[Territory, dict[str, Decimal]] = defaultdict(dict)
    for territory in territories():
        values[territory] = dict.fromkeys(BY_CODE, Decimal(0))
    listed = Post.objects.filter(listed=True).order_by()
    for level, column in (
        (Level.DEPARTEMENT, "commune__departement_id"),
        (Level.REGION, "commune__departement__region_id"),
    ):
        for row in listed.values(column).annotate(**_AGGREGATES):
            values[(level, row[column])].update({code: Decimal(row[code]) for code in _AGGREGATES})
    national = listed.aggregate(**_AGGREGATES)
    values[(Level.NATIONAL, NATIONAL_CODE)].update({code: Decimal(national[code]) for code in _AGGREGATES})
    for territory, population in populations().items():
        if population:
            per_10k = values[territory][PLACES.code] * 10_000 / population
            values[territory][PER_10K.code] = per_10k.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return dict(values)


def populations() -> dict[Territory, int]:
    """Legal populations by territory (communes only: arrondissements would count Paris twice)."""
    communes = Commune.objects.filter(kind=CommuneKind.COMMUNE).order_by()
    found: dict[Territory, int] = {}
    for row in communes.values("departement_id").annotate(n=Sum("population")):
        found[(Level.DEPARTEMENT, row["departement_id"])] = row["n"] or 0
    for row in communes.values("departement__region_id").annotate(n=Sum("population")):
        found[(Level.REGION, row["departement__region_id"])] = row["n"] or 0
    found[(Level.NATIONAL, NATIONAL_CODE)] = communes.aggregate(n=Sum("population"))["n"] or 0
    return found
