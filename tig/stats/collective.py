"""The collective worksites in numbers (docs/regles.md, C7): the worksites in search, and the
sessions held in the 365 days up to the day with their places offered and taken. Counts only,
by the département of the worksite's site."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from tig.posts.models import Post, Session
from tig.stats.indicators import Indicator, Territory

WORKSITES = Indicator(
    "worksites", "Chantiers collectifs", "Chantiers collectifs proposés dans la recherche ce jour-là."
)
WORKSITE_SESSIONS = Indicator(
    "worksite_sessions",
    "Séances tenues",
    "Séances des chantiers collectifs tenues dans les 365 derniers jours (les séances annulées exceptées).",
)
SEATS_OFFERED = Indicator("seats_offered", "Places offertes en séance", "Somme des places de ces séances.")
SEATS_FILLED = Indicator(
    "seats_filled", "Places prises en séance", "Somme des places de ces séances prises par une inscription."
)
COLLECTIVE_INDICATORS = (WORKSITES, WORKSITE_SESSIONS, SEATS_OFFERED, SEATS_FILLED)


def measure(on: date, chains: dict[str, list[Territory]]) -> dict[Territory, dict[str, Decimal]]:
    """Every territory with a worksite or a session, its four figures (three queries)."""
    end = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    held = Session.objects.filter(
        cancelled_at__isnull=True, starts_at__lt=end, starts_at__gte=end - timedelta(days=365)
    )
    rows = held.values("post__commune__departement_id").annotate(
        sessions=Count("pk"), offered=Sum("capacity"), filled=Sum("seats_taken")
    )
    worksites = (
        Post.objects.filter(collective=True, listed=True)
        .values("commune__departement_id")
        .annotate(n=Count("pk"))
        .values_list("commune__departement_id", "n")
    )
    figures: dict[Territory, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(CODES, Decimal(0)))
    for departement, count in worksites:
        for territory in chains.get(departement, []):
            figures[territory][WORKSITES.code] += count
    for row in rows.order_by():
        for territory in chains.get(row["post__commune__departement_id"], []):
            values = figures[territory]
            values[WORKSITE_SESSIONS.code] += row["sessions"]
            values[SEATS_OFFERED.code] += row["offered"] or 0
            values[SEATS_FILLED.code] += row["filled"] or 0
    return dict(figures)


CODES = tuple(indicator.code for indicator in COLLECTIVE_INDICATORS)
