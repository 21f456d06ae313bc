"""The public figures of the latest snapshot, as the API gives them: the open data's indicators
(counts of posts, places and host organisations), for France and each département."""

from decimal import Decimal
from typing import Any

from django.conf import settings

from tig.stats import measures, opendata, secrecy
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import PER_10K, Territory
from tig.stats.queries import latest
from tig.territories.models import Departement

SOURCE = "Plateforme TIG, postes proposés dans la recherche"
# The counts of persons that are published (per département and France, never per host).
PUBLIC_MEASURES = (measures.TO_ASSIGN, measures.ONGOING, measures.COMPLETED, measures.FAILED)


def public_measures(
    values: dict[Territory, dict[str, Decimal]] | None = None,
) -> dict[Territory, dict[str, int | None]]:
    """The measures of every département and of France under statistical secrecy (None: secret),
    from the latest snapshot (or `values`, read from it already). The suppression runs over the
    whole table, whatever part is then shown: France is each column's total, so a column never
    holds a single secret cell. Empty while the measures module is off."""
    if not settings.MEASURES_ENABLED:
        return {}
    territories: list[Territory] = [
        (Level.DEPARTEMENT, code) for code in Departement.objects.values_list("code", flat=True)
    ]
    territories.append((Level.NATIONAL, NATIONAL_CODE))
    if values is None:
        _day, values = latest(territories, [indicator.code for indicator in PUBLIC_MEASURES])
    table: dict[secrecy.Cell, int] = {
        (territory, indicator.code): int(values.get(territory, {}).get(indicator.code, 0))
        for territory in territories
        for indicator in PUBLIC_MEASURES
    }
    shown = secrecy.suppress(table, rows=False)
    return {
        territory: {indicator.code: shown[(territory, indicator.code)] for indicator in PUBLIC_MEASURES}
        for territory in territories
    }


def public_figures(departement_code: str | None = None) -> dict[str, Any] | None:
    """France and every département, or that département alone (None if it does not exist)."""
    departements = Departement.objects.all()
    if departement_code is not None:
        departements = departements.filter(code=departement_code.upper()[:3])
        if not departements:
            return None
    names = {NATIONAL_CODE: "France"} | {departement.code: departement.name for departement in departements}
    territories: list[Territory] = [] if departement_code else [(Level.NATIONAL, NATIONAL_CODE)]
    territories += [(Level.DEPARTEMENT, code) for code in names if code != NATIONAL_CODE]
    indicators = opendata.PUBLIC_INDICATORS
    day, values = latest(territories, [indicator.code for indicator in indicators])
    of_measures = public_measures()
    return {
        "date": day,
        "source": SOURCE,
        "licence": opendata.LICENCE,
        "indicateurs": [
            {"code": indicator.code, "libelle": indicator.label, "definition": indicator.definition}
            for indicator in indicators
        ],
        "territoires": [
            {
                "niveau": level,
                "code": code,
                "nom": names[code],
                "valeurs": {
                    indicator.code: _plain(values[(level, code)].get(indicator.code), indicator.code)
                    for indicator in indicators
                },
                **({"mesures": of_measures[(level, code)]} if of_measures else {}),
            }
            for level, code in territories
        ],
    }


def _plain(value: Decimal | None, code: str) -> float | int:
    if value is None:
        return 0
    return round(float(value), 2) if code == PER_10K.code else int(value)
