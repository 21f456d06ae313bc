"""A partner's network in figures (docs/regles.md, P11): per département, its organisations, its
posts in search, their places and the places taken, against the objective the agency set. Two
grouped queries per table, whatever the size of the network.

The places taken are persons: what a partner's coordinator reads of them goes through the
statistical secrecy (tig.stats.secrecy), and nothing is ever given per organisation."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from tig.partnerships.models import Branch, DepartementObjective
from tig.posts.models import Post
from tig.stats.secrecy import suppress
from tig.territories.models import Departement

TOTAL = "total"


@dataclass
class Line:
    code: str
    name: str
    organisations: int = 0
    posts: int = 0
    places: int = 0
    taken: int | None = 0  # None: secret
    objective_posts: int | None = None
    objective_places: int | None = None

    @property
    def occupancy(self) -> Decimal | None:
        """The share of the places taken, in %; None when unknown or secret."""
        if not self.places or self.taken is None:
            return None
        return (Decimal(100 * self.taken) / self.places).quantize(Decimal("1"), ROUND_HALF_UP)

    @property
    def posts_progress(self) -> Decimal | None:
        return _progress(self.posts, self.objective_posts)

    @property
    def places_progress(self) -> Decimal | None:
        return _progress(self.places, self.objective_places)


def _progress(value: int, objective: int | None) -> Decimal | None:
    if not objective:
        return None
    return (Decimal(100 * value) / objective).quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass
class Network:
    lines: list[Line]
    total: Line
    secret: bool = False  # whether the places taken went through the statistical secrecy
    hidden: list[str] = field(default_factory=list)


def _in(queryset: QuerySet[Any], lookup: str, codes: list[str] | None) -> QuerySet[Any]:
    return queryset if codes is None else queryset.filter(**{f"{lookup}__in": codes})


def figures(partner_id: int, codes: list[str] | None, *, secrecy: bool = False) -> Network:
    """The network's lines over these départements (None: France), the départements with an
    organisation, a post or an objective; `secrecy` for what a partner reads of itself."""
    organisations = dict(
        _in(Branch.objects.filter(partner_id=partner_id), "organisation__commune__departement_id", codes)
        .values_list("organisation__commune__departement_id")
        .annotate(Count("id"))
        .order_by()
    )
    posts = {
        row["commune__departement_id"]: row
        for row in _in(
            Post.objects.filter(organisation__partner_branch__partner_id=partner_id, listed=True),
            "commune__departement_id",
            codes,
        )
        .values("commune__departement_id")
        .annotate(posts=Count("id"), places=Sum("places_offered"), taken=Sum("places_taken"))
        .order_by()
    }
    objectives = {
        objective.departement_id: objective
        for objective in _in(DepartementObjective.objects.filter(partner_id=partner_id), "departement_id", codes)
    }
    wanted = set(organisations) | set(posts) | set(objectives)
    names = dict(Departement.objects.filter(code__in=wanted).values_list("code", "name"))
    lines = []
    for code in sorted(wanted):
        found = posts.get(code, {})
        objective = objectives.get(code)
        lines.append(
            Line(
                code=code,
                name=names.get(code, code),
                organisations=organisations.get(code, 0),
                posts=found.get("posts", 0),
                places=found.get("places") or 0,
                taken=found.get("taken") or 0,
                objective_posts=objective.posts if objective else None,
                objective_places=objective.places if objective else None,
            )
        )
    total = Line(
        code=TOTAL,
        name="Total",
        organisations=sum(line.organisations for line in lines),
        posts=sum(line.posts for line in lines),
        places=sum(line.places for line in lines),
        taken=sum(line.taken or 0 for line in lines),
        objective_posts=_sum(line.objective_posts for line in lines),
        objective_places=_sum(line.objective_places for line in lines),
    )
    network = Network(lines, total)
    if secrecy:
        _hide_taken(network)
    return network


def _sum(values: Iterable[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def _hide_taken(network: Network) -> None:
    """The places taken (persons) below the threshold as secret, and what would give them back:
    they add up to the total, a column of their own."""
    everything = [*network.lines, network.total]
    shown = suppress({(line.code, "taken"): line.taken or 0 for line in everything}, rows=False, columns=True)
    network.secret = True
    for line in everything:
        line.taken = shown[(line.code, "taken")]
        if line.taken is None:
            network.hidden.append(line.code)


def totals(partner_ids: list[int], codes: list[str] | None) -> dict[int, tuple[int, int, int]]:
    """{partner: (organisations, posts in search, places)} over these départements, for the list."""
    organisations = dict(
        _in(Branch.objects.filter(partner_id__in=partner_ids), "organisation__commune__departement_id", codes)
        .values_list("partner_id")
        .annotate(Count("id"))
        .order_by()
    )
    posts = {
        partner: (count, places or 0)
        for partner, count, places in _in(
            Post.objects.filter(organisation__partner_branch__partner_id__in=partner_ids, listed=True),
            "commune__departement_id",
            codes,
        )
        .values_list("organisation__partner_branch__partner_id")
        .annotate(Count("id"), Sum("places_offered"))
        .order_by()
    }
    return {pk: (organisations.get(pk, 0), *posts.get(pk, (0, 0))) for pk in partner_ids}
