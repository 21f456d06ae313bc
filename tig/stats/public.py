"""The public figures of the latest snapshot, as the API gives them: the open data's indicators
(counts of posts, places and host organisations), for France and each département."""

from decimal import Decimal
from typing import Any

from tig.stats import opendata
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import PER_10K, Territory
from tig.stats.queries import latest
from tig.territories.models import Departement

SOURCE = "Plateforme TIG, postes proposés dans la recherche"


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
    day, values = latest(territories)
    indicators = opendata.PUBLIC_INDICATORS
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
            }
            for level, code in territories
        ],
    }


def _plain(value: Decimal | None, code: str) -> float | int:
    if value is None:
        return 0
    return round(float(value), 2) if code == PER_10K.code else int(value)
