from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tig.accounts.typing import AuthenticatedRequest
from tig.core.exports import csv_response, xlsx_response
from tig.stats import files, measures, opendata, perms, secrecy
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import FREE_PLACES, HOSTS, INDICATORS, PER_10K, PLACES, POSTS, Territory
from tig.stats.public import SOURCE
from tig.stats.queries import latest, quarterly
from tig.territories.models import Departement

HISTORY = ("posts", "places", "free_places")
DECIMALS = {PER_10K.code, measures.COMPLETION_RATE.code, measures.DAYS_TO_ASSIGNMENT.code}
DECIMALS |= {indicator.code for indicator in files.FILE_INDICATORS}


def _number(value: Decimal | int | None, code: str) -> str:
    if value is None:
        return "—"
    if code in DECIMALS:
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
        "measures_header": ["Territoire", *(indicator.label for indicator in measures.MEASURE_INDICATORS)],
        "measures_rows": [
            [names[code], *(_number(values[(level, code)].get(i.code), i.code) for i in measures.MEASURE_INDICATORS)]
            for level, code in territories
        ]
        if settings.MEASURES_ENABLED
        else [],
        "measure_indicators": measures.MEASURE_INDICATORS if settings.MEASURES_ENABLED else (),
        "files_header": ["Territoire", *(indicator.label for indicator in files.FILE_INDICATORS)],
        "files_rows": [
            [names[code], *(_number(values[(level, code)].get(i.code), i.code) for i in files.FILE_INDICATORS)]
            for level, code in territories
        ],
        "file_indicators": files.FILE_INDICATORS,
        "breadcrumb": [("Statistiques", None)],
    }
    return render(request, "stats/overview.html", context)


# The open data: public, no login (tig/stats/opendata.py) ---------------------------------------


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    """The key figures of France and of each département, and the quarterly datasets."""
    departements = list(Departement.objects.all())
    territories: list[Territory] = [(Level.NATIONAL, NATIONAL_CODE)]
    territories += [(Level.DEPARTEMENT, departement.code) for departement in departements]
    day, values = latest(territories)
    shown = [POSTS, PLACES, FREE_PLACES, HOSTS, PER_10K]
    national = values[(Level.NATIONAL, NATIONAL_CODE)]
    context = {
        "day": day,
        "source": SOURCE,
        "key_figures": [
            (indicator.label, _number(national.get(indicator.code), indicator.code)) for indicator in shown
        ],
        "header": ["Département", *(indicator.label for indicator in shown)],
        "rows": [
            [
                str(departement),
                *(_number(values[(Level.DEPARTEMENT, departement.code)].get(i.code), i.code) for i in shown),
            ]
            for departement in departements
        ],
        "quarters": list(reversed(opendata.quarters())),
        **_public_measures(departements, values),
        "licence": opendata.LICENCE,
        "licence_url": opendata.LICENCE_URL,
        "dataset": opendata.DATASET,
        "breadcrumb": [("Données ouvertes", None)],
    }
    return render(request, "stats/open_data.html", context)


PUBLIC_MEASURES = (measures.TO_ASSIGN, measures.ONGOING, measures.COMPLETED, measures.FAILED)


def _public_measures(departements: list[Departement], values: dict[Territory, dict[str, Decimal]]) -> dict[str, Any]:
    """The measures per département under statistical secrecy: the France row is each column's
    total, so a column never holds a single secret cell (tig.stats.secrecy)."""
    if not settings.MEASURES_ENABLED:
        return {"measures_rows": []}
    territories: list[Territory] = [(Level.DEPARTEMENT, d.code) for d in departements]
    territories.append((Level.NATIONAL, NATIONAL_CODE))
    table: dict[secrecy.Cell, int] = {
        (territory, indicator.code): int(values.get(territory, {}).get(indicator.code, 0))
        for territory in territories
        for indicator in PUBLIC_MEASURES
    }
    shown = secrecy.suppress(table, rows=False)
    names = {departement.code: str(departement) for departement in departements} | {NATIONAL_CODE: "France"}
    return {
        "measures_header": ["Territoire", *(indicator.label for indicator in PUBLIC_MEASURES)],
        "measures_rows": [
            [names[code], *(secrecy.label(shown[((level, code), indicator.code)]) for indicator in PUBLIC_MEASURES)]
            for level, code in territories
        ],
        "secrecy_threshold": settings.STATS_SECRECY_THRESHOLD,
    }


def _dataset_response(quarter: opendata.Quarter, filename: str) -> HttpResponse:
    response = HttpResponse(opendata.csv_text(quarter), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def dataset(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    """A quarter's file, at its stable address."""
    found = opendata.find(year, quarter)
    if found is None:
        raise Http404("Aucun relevé pour ce trimestre.")
    return _dataset_response(found, found.filename)


@require_GET
def latest_dataset(request: HttpRequest) -> HttpResponse:
    """The latest quarter's file (the current quarter's, from its latest snapshot)."""
    available = opendata.quarters()
    if not available:
        raise Http404("Aucun relevé encore : le premier est pris dans la nuit.")
    return _dataset_response(available[-1], available[-1].filename)


@require_GET
def dataset_schema(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(opendata.schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response
