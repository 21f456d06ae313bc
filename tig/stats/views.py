from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tig.accounts.typing import AuthenticatedRequest
from tig.core.exports import csv_response, xlsx_response
from tig.stats import perms
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import INDICATORS, PER_10K, Territory
from tig.stats.queries import latest, quarterly
from tig.territories.models import Departement

SOURCE = "Plateforme TIG, postes proposés dans la recherche"
HISTORY = ("posts", "places", "free_places")


def _number(value: Decimal | int | None, code: str) -> str:
    if value is None:
        return "—"
    if code == PER_10K.code:
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def _plain(value: Decimal | None, code: str) -> Decimal | int | None:
    """Counts as whole numbers, ratios with their two decimals (the files' cells)."""
    if value is None or code == PER_10K.code:
        return value
    return int(value)


def _scope(request: AuthenticatedRequest) -> tuple[list[Territory], dict[str, str]]:
    """The territories the user reads, France first (its figures are public), and their names."""
    codes = perms.departements_in_view(request.user)
    if codes == []:
        raise PermissionDenied("Les statistiques sont celles des services de la justice et des référents.")
    departements = Departement.objects.all() if codes is None else Departement.objects.filter(code__in=codes)
    names = {NATIONAL_CODE: "France"} | {departement.code: str(departement) for departement in departements}
    territories: list[Territory] = [(Level.NATIONAL, NATIONAL_CODE)]
    territories += [(Level.DEPARTEMENT, departement.code) for departement in departements]
    return territories, names


@login_required
@require_GET
def overview(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    """The indicators of the user's territories: a table, its source and date, its history by
    quarter, and the table as CSV or XLSX (`?format=`)."""
    territories, names = _scope(request)
    day, values = latest(territories)
    header = ["Territoire", *(indicator.label for indicator in INDICATORS)]
    figures = [
        (names[code], [_plain(values[(level, code)].get(indicator.code), indicator.code) for indicator in INDICATORS])
        for level, code in territories
    ]
    rows = [[name, *cells] for name, cells in figures]
    wanted = request.GET.get("format", "")
    stamp = f"{(day or timezone.localdate()):%Y-%m-%d}"
    if wanted == "csv":
        return csv_response(f"statistiques-{stamp}.csv", header, rows)
    if wanted == "xlsx":
        return xlsx_response(f"statistiques-{stamp}.xlsx", header, rows, title=f"{SOURCE}, au {stamp}")
    if wanted:
        raise BadRequest("Choisissez le format CSV ou XLSX.")
    main = territories[0] if len(territories) != 2 else territories[1]
    context = {
        "day": day,
        "source": SOURCE,
        "indicators": INDICATORS,
        "header": header,
        "rows": [
            [name, *(_number(value, indicator.code) for value, indicator in zip(cells, INDICATORS, strict=True))]
            for name, cells in figures
        ],
        "main_name": names[main[1]],
        "history": [
            (label, [_number(series.get(code), code) for code in HISTORY])
            for label, series in quarterly(main, list(HISTORY))
        ],
        "history_header": [indicator.label for indicator in INDICATORS if indicator.code in HISTORY],
        "breadcrumb": [("Statistiques", None)],
    }
    return render(request, "stats/overview.html", context)
