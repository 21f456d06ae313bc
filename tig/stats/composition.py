"""What the offer is made of, on the day measured: the host organisations and their places by
legal type (the agency follows the share of places offered by local authorities), and the posts
by kind of work. Same stock as tig/stats/indicators.py (the posts offered in search that day),
counted at each level: an organisation is counted once per territory, never summed from below."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from tig.organisations.enums import LegalType
from tig.posts.enums import ActivityDomain
from tig.posts.models import Post
from tig.stats.indicators import Indicator, Territory, grouped

HOSTS_BY_TYPE = {
    legal_type: Indicator(
        f"hosts_{legal_type.value}",
        f"Structures : {legal_type.label}",
        f"Structures d'accueil de type « {legal_type.label} » ayant au moins un poste proposé.",
    )
    for legal_type in LegalType
}
PLACES_BY_TYPE = {
    legal_type: Indicator(
        f"places_{legal_type.value}",
        f"Places : {legal_type.label}",
        f"Places offertes par les postes proposés des structures de type « {legal_type.label} ».",
    )
    for legal_type in LegalType
}
POSTS_BY_DOMAIN = {
    domain: Indicator(
        f"posts_{domain.value}",
        domain.label,
        f"Postes proposés du domaine « {domain.label} ».",
    )
    for domain in ActivityDomain
}
COMPOSITION_INDICATORS = (*HOSTS_BY_TYPE.values(), *PLACES_BY_TYPE.values(), *POSTS_BY_DOMAIN.values())


def measure() -> dict[Territory, dict[str, Decimal]]:
    """Every territory that has a post in search, with every composition indicator (zero where
    none); the others have none, and read as zero."""
    zero = dict.fromkeys((indicator.code for indicator in COMPOSITION_INDICATORS), Decimal(0))
    values: dict[Territory, dict[str, Decimal]] = defaultdict(lambda: dict(zero))
    listed = Post.objects.filter(listed=True).order_by()
    by_type = {"hosts": Count("organisation", distinct=True), "places": Sum("places_offered", default=0)}
    for territory, row in grouped(listed, by_type, ("organisation__legal_type",)):
        legal_type = LegalType(row["organisation__legal_type"])
        values[territory][HOSTS_BY_TYPE[legal_type].code] = Decimal(row["hosts"])
        values[territory][PLACES_BY_TYPE[legal_type].code] = Decimal(row["places"])
    for territory, row in grouped(listed, {"posts": Count("pk")}, ("domain",)):
        values[territory][POSTS_BY_DOMAIN[ActivityDomain(row["domain"])].code] = Decimal(row["posts"])
    return dict(values)
