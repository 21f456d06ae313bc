"""The delays of the habilitation and registration files: from filing to decision, median of the
files decided in the 365 days before the day measured, per département of decision (its région,
France). A territory with no file decided has no value (None, not zero)."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from tig.habilitations.enums import HABILITATION_KINDS, DossierKind
from tig.habilitations.models import Dossier
from tig.stats.indicators import Indicator, Territory

HABILITATION_DELAY = Indicator(
    "median_days_habilitation",
    "Délai médian d'une habilitation (jours)",
    "Jours du dépôt à la décision des demandes et renouvellements d'habilitation décidés dans les 365 derniers jours.",
)
REGISTRATION_DELAY = Indicator(
    "median_days_registration",
    "Délai médian d'une inscription (jours)",
    "Jours du dépôt à la décision des inscriptions de postes décidées dans les 365 derniers jours.",
)
FILE_INDICATORS = (HABILITATION_DELAY, REGISTRATION_DELAY)


def measure(on: date, chains: dict[str, list[Territory]]) -> dict[Territory, dict[str, Decimal]]:
    since = on - timedelta(days=365)
    decided = (
        Dossier.objects.filter(
            submitted_at__isnull=False,
            decided_at__date__gt=since,
            decided_at__date__lte=on,
            kind__in=[*HABILITATION_KINDS, DossierKind.REGISTRATION],
        )
        .order_by()
        .values_list("kind", "departement_id", "submitted_at", "decided_at")
    )
    delays: dict[tuple[Territory, str], list[int]] = defaultdict(list)
    for kind, departement, submitted, decided_at in decided:
        code = REGISTRATION_DELAY.code if kind == DossierKind.REGISTRATION else HABILITATION_DELAY.code
        days = max((decided_at - submitted).days, 0)
        for territory in chains[departement]:
            delays[(territory, code)].append(days)
    values: dict[Territory, dict[str, Decimal]] = defaultdict(dict)
    for (place, indicator), days_list in delays.items():
        values[place][indicator] = Decimal(str(median(days_list)))
    return dict(values)
