"""The indicators, defined once: what each counts, computed for every territory in a few grouped
queries. The posts' indicators are a stock on the day they are measured (the posts offered in
search that day), never a cumulative count. Counts of persons (measures, placements) are in
tig/stats/measures.py, and what is published of them goes through tig/stats/secrecy.py."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Aggregate, Count, Q, QuerySet, Sum

from tig.posts.models import Post
from tig.stats.enums import NATIONAL_CODE, Level
from tig.territories.enums import CommuneKind
from tig.territories.models import Commune, Departement, Directorate, Region


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

# How a post reaches each level above its département: a grouping column, or the national total.
# A directorate is found through its départements (a post counts once in each directorate of its
# département), and its kind is its level.
DIRECTORATE_KIND = "commune__departement__directorates__kind"
DIRECTORATE_CODE = "commune__departement__directorates__code"


def territories() -> list[Territory]:
    """France, its régions, the interregional directorates and the départements, in that order."""
    return [
        (Level.NATIONAL, NATIONAL_CODE),
        *((Level.REGION, code) for code in Region.objects.order_by("code").values_list("code", flat=True)),
        *Directorate.objects.order_by("kind", "name").values_list("kind", "code"),
        *((Level.DEPARTEMENT, departement.code) for departement in Departement.objects.all()),
    ]


def chains() -> dict[str, list[Territory]]:
    """For each département, the territories its figures count in: itself, its région, its
    directorates and France (for the indicators summed from the départements up)."""
    found: dict[str, list[Territory]] = {
        code: [(Level.DEPARTEMENT, code), (Level.REGION, region)]
        for code, region in Departement.objects.values_list("code", "region_id")
    }
    for kind, directorate, departement in Directorate.objects.values_list("kind", "code", "departements"):
        if departement is not None:
            found[departement].append((kind, directorate))
    for chain in found.values():
        chain.append((Level.NATIONAL, NATIONAL_CODE))
    return found


def grouped(
    queryset: QuerySet[Post], aggregates: dict[str, Aggregate], columns: tuple[str, ...] = ()
) -> Iterator[tuple[Territory, dict[str, Any]]]:
    """(territory, row) for every territory of every level, each aggregated in its own query:
    département, région, directorate, France. `columns` are grouped on too (a breakdown)."""
    for level, column in (
        (Level.DEPARTEMENT, "commune__departement_id"),
        (Level.REGION, "commune__departement__region_id"),
    ):
        for row in queryset.values(column, *columns).annotate(**aggregates):
            yield (level, row[column]), row
    for row in queryset.values(DIRECTORATE_KIND, DIRECTORATE_CODE, *columns).annotate(**aggregates):
        if row[DIRECTORATE_CODE] is not None:  # the départements in no directorate
            yield (row[DIRECTORATE_KIND], row[DIRECTORATE_CODE]), row
    if columns:
        for row in queryset.values(*columns).annotate(**aggregates):
            yield (Level.NATIONAL, NATIONAL_CODE), row
    else:
        yield (Level.NATIONAL, NATIONAL_CODE), queryset.aggregate(**aggregates)


def measure() -> dict[Territory, dict[str, Decimal]]:
    """Every indicator for every territory, as the data stand now. Distinct counts (the hosts)
    are counted at each level, never summed from the level below."""
    values: dict[Territory, dict[str, Decimal]] = defaultdict(dict)
    for territory in territories():
        values[territory] = dict.fromkeys(BY_CODE, Decimal(0))
    for territory, row in grouped(Post.objects.filter(listed=True).order_by(), _AGGREGATES):
        values[territory].update({code: Decimal(row[code]) for code in _AGGREGATES})
    for territory, population in populations().items():
        if population:
            per_10k = values[territory][PLACES.code] * 10_000 / population
            values[territory][PER_10K.code] = per_10k.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return dict(values)


def populations() -> dict[Territory, int]:
    """Legal populations by territory (communes only: arrondissements would count Paris twice)."""
    communes = Commune.objects.filter(kind=CommuneKind.COMMUNE).order_by()
    found: dict[Territory, int] = defaultdict(int)
    by_departement = dict(communes.values_list("departement_id").annotate(n=Sum("population")))
    for departement, chain in chains().items():
        for territory in chain:
            found[territory] += by_departement.get(departement) or 0
    return dict(found)
