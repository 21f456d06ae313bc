"""The objectives' progress (docs/regles.md, P10), read from the statistics' latest snapshot
(tig/stats): posts and places in search, host organisations gained since the objective was set,
kinds of work with at least one post. A referent's objective counts over their départements."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tig.prospecting.enums import ObjectiveMetric
from tig.prospecting.models import Objective
from tig.stats.composition import POSTS_BY_DOMAIN
from tig.stats.enums import Level
from tig.stats.indicators import HOSTS, PLACES, POSTS
from tig.stats.queries import latest

INDICATORS = [POSTS.code, PLACES.code, HOSTS.code, *(indicator.code for indicator in POSTS_BY_DOMAIN.values())]


def scope(objective: Objective) -> list[str]:
    """The départements an objective counts over."""
    if objective.departement_id:
        return [objective.departement_id]
    assert objective.referent is not None
    return sorted(objective.referent.referent_departement_codes)


def measure(codes: list[str]) -> tuple[date | None, dict[ObjectiveMetric, int]]:
    """Each metric's raw value over these départements at the latest snapshot (« new hosts »:
    the hosts, from which the objective's baseline is taken off)."""
    day, values = latest([(Level.DEPARTEMENT, code) for code in codes], INDICATORS)
    return day, _values(codes, values)


def _values(codes: list[str], values: dict[tuple[str, str], dict[str, Decimal]]) -> dict[ObjectiveMetric, int]:
    def total(indicator: str) -> int:
        return int(sum(values.get((Level.DEPARTEMENT, code), {}).get(indicator, 0) for code in codes))

    domains = {
        indicator.code
        for code in codes
        for indicator in POSTS_BY_DOMAIN.values()
        if values.get((Level.DEPARTEMENT, code), {}).get(indicator.code, 0) > 0
    }
    return {
        ObjectiveMetric.POSTS: total(POSTS.code),
        ObjectiveMetric.PLACES: total(PLACES.code),
        ObjectiveMetric.NEW_HOSTS: total(HOSTS.code),
        ObjectiveMetric.DOMAINS: len(domains),
    }


@dataclass(frozen=True)
class Progress:
    objective: Objective
    departements: list[str]
    value: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.value / self.objective.target)) if self.objective.target else 100

    @property
    def reached(self) -> bool:
        return self.value >= self.objective.target


def progress(objectives: list[Objective]) -> tuple[date | None, list[Progress]]:
    """Every objective's progress, from one read of the latest snapshot."""
    scopes = {objective.pk: scope(objective) for objective in objectives}
    codes = sorted({code for codes in scopes.values() for code in codes})
    day, values = latest([(Level.DEPARTEMENT, code) for code in codes], INDICATORS)
    found = []
    for objective in objectives:
        value = _values(scopes[objective.pk], values)[ObjectiveMetric(objective.metric)]
        if objective.metric == ObjectiveMetric.NEW_HOSTS:
            value = max(0, value - objective.baseline)
        found.append(Progress(objective, scopes[objective.pk], value))
    return day, found
