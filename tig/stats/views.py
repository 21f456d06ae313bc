import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
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
from tig.organisations.enums import LegalType
from tig.stats import collective, composition, files, flows, measures, opendata, perms, reach, secrecy, training
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import BY_CODE, FREE_PLACES, HOSTS, INDICATORS, PER_10K, PLACES, POSTS, Indicator, Territory
from tig.stats.public import PUBLIC_MEASURES, SOURCE, public_measures
from tig.stats.queries import Quarterly, latest, quarterly, quarterly_sums
from tig.territories.models import Departement, Directorate

HISTORY = ("posts", "places", "free_places")
DECIMALS = {PER_10K.code, measures.COMPLETION_RATE.code, measures.DAYS_TO_ASSIGNMENT.code}
DECIMALS |= {indicator.code for indicator in (*files.FILE_INDICATORS, *reach.REACH_INDICATORS)}
Values = dict[Territory, dict[str, Decimal]]


SHARE = "share"  # a part of a whole, in %, computed for the page
DECIMALS.add(SHARE)


def _number(value: Decimal | int | None, code: str) -> str:
    if value is None:
        return "—"
    if code in DECIMALS:
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


def _plain(value: Decimal | int | None, code: str) -> Decimal | int | None:
    """The files' cells: counts as whole numbers, ratios as kept (two decimals), shares to one."""
    if value is None:
        return None
    if code == SHARE:
        return Decimal(value).quantize(Decimal("0.1"))
    if code in DECIMALS:
        return value
    return int(value)


def _scope(request: AuthenticatedRequest) -> tuple[list[Territory], dict[Territory, str]]:
    """The territories the user reads, France first (its figures are public), and their names;
    for the agency, the interregional directorates before the départements."""
    codes = perms.departements_in_view(request.user)
    if codes == []:
        raise PermissionDenied("Les statistiques sont celles des services de la justice et des référents.")
    departements = Departement.objects.all() if codes is None else Departement.objects.filter(code__in=codes)
    names: dict[Territory, str] = {(Level.NATIONAL, NATIONAL_CODE): "France"}
    if codes is None:
        for kind, code, name in Directorate.objects.values_list("kind", "code", "name"):
            names[(kind, code)] = name
    for departement in departements:
        names[(Level.DEPARTEMENT, departement.code)] = str(departement)
    return list(names), names


@dataclass
class Table:
    """A table of the page, and of its download: each row its name then its values, each value
    column written as its indicator (`codes`)."""

    anchor: str
    title: str
    hint: str
    header: list[str]
    raw: list[list[Any]]
    codes: list[str]
    lead: str = ""
    chart: str = ""  # the chart drawn before it, whose figures it holds

    @property
    def rows(self) -> list[list[str]]:
        return [[row[0], *(_number(v, c) for v, c in zip(row[1:], self.codes, strict=True))] for row in self.raw]

    def cells(self) -> list[list[Any]]:
        return [[row[0], *(_plain(v, c) for v, c in zip(row[1:], self.codes, strict=True))] for row in self.raw]


def _by_territory(
    anchor: str,
    title: str,
    hint: str,
    indicators: Sequence[Indicator],
    scope: tuple[list[Territory], dict[Territory, str]],
    values: Values,
    **extra: str,
) -> Table:
    territories, names = scope
    return Table(
        anchor,
        title,
        hint,
        ["Territoire", *(indicator.label for indicator in indicators)],
        [[names[t], *(values[t].get(i.code) for i in indicators)] for t in territories],
        [indicator.code for indicator in indicators],
        **extra,
    )


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    return Decimal(part or 0) * 100 / whole if whole else None


def _composition(figures: dict[str, Decimal], name: str) -> tuple[Table, Table]:
    """The main territory's hosts and places by legal type, and its posts by kind of work."""
    places, posts = figures.get(PLACES.code), figures.get(POSTS.code)
    by_type = [
        [
            legal_type.label,
            figures.get(composition.HOSTS_BY_TYPE[legal_type].code),
            figures.get(composition.PLACES_BY_TYPE[legal_type].code),
            _share(figures.get(composition.PLACES_BY_TYPE[legal_type].code), places),
        ]
        for legal_type in LegalType
    ]
    by_domain = [
        [domain.label, figures.get(indicator.code), _share(figures.get(indicator.code), posts)]
        for domain, indicator in composition.POSTS_BY_DOMAIN.items()
    ]
    return (
        Table(
            "types",
            f"Structures et places par type de structure : {name}",
            f"{SOURCE} ; une structure compte une fois par territoire",
            ["Type de structure", "Structures", "Places offertes", "Part des places (%)"],
            by_type,
            [HOSTS.code, PLACES.code, SHARE],
        ),
        Table(
            "domaines",
            f"Postes par domaine d'activité : {name}",
            SOURCE,
            ["Domaine", "Postes", "Part des postes (%)"],
            by_domain,
            [POSTS.code, SHARE],
        ),
    )


def _history(main: Territory, name: str, stocks: Quarterly) -> Table:
    """The main territory by quarter: the stocks at the quarter's last snapshot (`stocks`), the
    posts that entered and left the search over the quarter."""
    flow_codes = [indicator.code for indicator in flows.FLOW_INDICATORS]
    first = stocks[0][0] if stocks else (timezone.localdate().year, 1)
    sums = quarterly_sums(main, flow_codes, date(first[0], 3 * first[1] - 2, 1))
    header = ["Trimestre", *(BY_CODE[code].label for code in HISTORY)]
    header += [f"{indicator.label} dans le trimestre" for indicator in flows.FLOW_INDICATORS]
    raw = [
        [label, *(series.get(code) for code in HISTORY), *(sums.get(key, {}).get(code) for code in flow_codes)]
        for key, label, series in stocks
    ]
    return Table(
        "historique",
        f"Évolution par trimestre : {name}",
        f"{SOURCE}, dernier relevé de chaque trimestre ; les entrées et sorties sont la somme des jours du trimestre, "
        "depuis le premier relevé",
        header,
        raw,
        [*HISTORY, *flow_codes],
        chart="line",
    )


def _activity(main: Territory, name: str) -> Table:
    """The main territory's files and measures at the end of each of the last eight quarters,
    the backfilled ones included (tig/stats/backfill.py)."""
    shown = [*files.FILE_INDICATORS]
    if settings.MEASURES_ENABLED:
        shown += [measures.COMPLETED, measures.FAILED, measures.COMPLETION_RATE, measures.ASSIGNMENTS]
    series = quarterly(main, [indicator.code for indicator in shown], quarters=8)
    return Table(
        "activite",
        f"Dossiers et mesures à la fin de chaque trimestre : {name}",
        "Plateforme TIG, dossiers décidés et mesures closes dans les 365 jours avant le relevé ; les trimestres "
        "d'avant le premier "
        "relevé sont repris des dates des dossiers et des mesures",
        ["Trimestre", *(indicator.label for indicator in shown)],
        [[label, *(values.get(i.code) for i in shown)] for _key, label, values in series],
        [indicator.code for indicator in shown],
    )


def _target(figures: dict[str, Decimal], history: Quarterly) -> dict[str, Any]:
    """France against the national target, and the change since the previous quarter."""
    target = settings.STATS_NATIONAL_TARGET_POSTS
    posts = int(figures.get(POSTS.code) or 0)
    change = None
    if len(history) >= 2 and POSTS.code in history[-2][2]:
        change = posts - int(history[-2][2][POSTS.code])
    return {
        "target": _number(target, POSTS.code),
        "posts": _number(posts, POSTS.code),
        "percent": min(round(posts * 100 / target), 100) if target else None,
        "change": None if change is None else f"{change:+,}".replace(",", "\u202f"),
        "previous": history[-2][1] if len(history) >= 2 else None,
    }


def _charts(stocks: Quarterly, territories: list[Territory], values: Values) -> dict[str, Any]:
    """The data of the page's two charts (@gouvfr/dsfr-chart), each drawn beside the table that
    holds the same figures: the main territory's posts and places by quarter (two quarters at
    least), and the places per 10,000 inhabitants of every département (the agency's map)."""
    charts: dict[str, Any] = {}
    if len(stocks) >= 2:
        labels = [label for _key, label, _series in stocks]
        charts["line_chart"] = {
            "x": json.dumps([labels, labels], ensure_ascii=False),
            "y": json.dumps([[int(series.get(code) or 0) for _k, _l, series in stocks] for code in HISTORY[:2]]),
            "name": json.dumps([POSTS.label, PLACES.label], ensure_ascii=False),
        }
    departements = [code for level, code in territories if level == Level.DEPARTEMENT]
    if len(departements) > 2:
        france = values[(Level.NATIONAL, NATIONAL_CODE)].get(PER_10K.code) or 0
        charts["map_chart"] = {
            "data": json.dumps(
                {code: float(values[(Level.DEPARTEMENT, code)].get(PER_10K.code) or 0) for code in departements}
            ),
            "value": f"{float(france):.2f}",
            "name": PER_10K.label,
        }
    return charts


@login_required
@require_GET
def overview(request: AuthenticatedRequest) -> HttpResponse | StreamingHttpResponse:
    """The indicators of the user's territories: a table per subject with its source and date,
    the history by quarter, the charts beside their tables; any table as CSV or XLSX
    (`?format=`, `&tableau=` its anchor; the indicators' table by default)."""
    scope = territories, names = _scope(request)
    main = territories[0] if len(territories) != 2 else territories[1]
    by_territory = (
        *INDICATORS,
        *reach.REACH_INDICATORS,
        *files.FILE_INDICATORS,
        *measures.MEASURE_INDICATORS,
        *training.TRAINING_INDICATORS,
        *collective.COLLECTIVE_INDICATORS,
    )
    day, values = latest(territories, [indicator.code for indicator in by_territory])
    # What the offer is made of: the main territory's only (a third of a day's values).
    values[main] |= latest([main], [indicator.code for indicator in composition.COMPOSITION_INDICATORS])[1][main]
    on = f", relevé du {day:%d/%m/%Y}" if day else ", calculé à l'instant (aucun relevé quotidien encore)"
    stocks = quarterly(main, list(HISTORY))
    tables = [
        _by_territory(
            "indicateurs", "Indicateurs par territoire", f"{SOURCE}{on}", INDICATORS, scope, values, chart="map"
        ),
        _by_territory(
            "portee",
            "Population à portée d'une place libre",
            f"Plateforme TIG, part de la population des communes dont le point est à la distance dite d'un poste "
            f"ayant une place libre{on}",
            reach.REACH_INDICATORS,
            scope,
            values,
        ),
        *_composition(values[main], names[main]),
        _by_territory(
            "dossiers",
            "Délais des dossiers d'habilitation et d'inscription",
            f"Plateforme TIG, dossiers décidés dans les 365 derniers jours{on} ; « — » : aucun dossier décidé",
            files.FILE_INDICATORS,
            scope,
            values,
        ),
    ]
    if settings.MEASURES_ENABLED:
        tables.append(
            _by_territory(
                "mesures",
                "Les mesures",
                f"Plateforme TIG, suivi des mesures{on} ; pour les services de la justice et les référents, le secret "
                "statistique "
                "s'applique à ce qui est publié",
                measures.MEASURE_INDICATORS,
                scope,
                values,
                lead="Des nombres de mesures, sans aucune personne : les mesures suivies par les services du "
                "territoire, les sorties sur les 365 derniers jours.",
            )
        )
    tables.append(
        _by_territory(
            "formation",
            "La formation des tuteurs",
            f"Plateforme TIG, formation en ligne{on} ; des nombres de tuteurs, personne n'est nommé",
            training.TRAINING_INDICATORS,
            scope,
            values,
        )
    )
    tables.append(
        _by_territory(
            "chantiers",
            "Les chantiers collectifs",
            f"Plateforme TIG, séances des chantiers collectifs{on} ; des nombres de places, personne n'est nommé",
            collective.COLLECTIVE_INDICATORS,
            scope,
            values,
            lead="Les séances tenues dans les 365 derniers jours, leurs places offertes et prises : l'écart dit la "
            "place laissée libre dans les groupes.",
        )
    )
    tables += [_history(main, names[main], stocks), _activity(main, names[main])]
    wanted, anchor = request.GET.get("format", ""), request.GET.get("tableau", "indicateurs")
    if wanted:
        table = next((table for table in tables if table.anchor == anchor), None)
        if table is None or wanted not in ("csv", "xlsx"):
            raise BadRequest("Choisissez le format CSV ou XLSX d'un tableau de la page.")
        stamp = f"{(day or timezone.localdate()):%Y-%m-%d}"
        name = f"statistiques-{stamp}" if anchor == "indicateurs" else f"statistiques-{anchor}-{stamp}"
        if wanted == "csv":
            return csv_response(f"{name}.csv", table.header, table.cells())
        return xlsx_response(f"{name}.xlsx", table.header, table.cells(), title=f"{table.title}, au {stamp}")
    national = (Level.NATIONAL, NATIONAL_CODE)
    national_history = stocks if main == national else quarterly(national, [POSTS.code])
    definitions = [
        *INDICATORS,
        *reach.REACH_INDICATORS,
        *flows.FLOW_INDICATORS,
        *files.FILE_INDICATORS,
        *training.TRAINING_INDICATORS,
        *collective.COLLECTIVE_INDICATORS,
    ]
    if settings.MEASURES_ENABLED:
        definitions += measures.MEASURE_INDICATORS
    context = {
        "day": day,
        "source": SOURCE,
        "tables": tables,
        "main_name": names[main],
        **_charts(stocks, territories, values),
        "target": _target(values[national], national_history),
        "definitions": definitions,
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
    shown = [POSTS, PLACES, FREE_PLACES, HOSTS, PER_10K]
    day, values = latest(territories, [indicator.code for indicator in (*shown, *PUBLIC_MEASURES)])
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


def _public_measures(departements: list[Departement], values: Values) -> dict[str, Any]:
    """The measures per département under statistical secrecy (tig.stats.public)."""
    shown = public_measures(values)
    if not shown:
        return {"measures_rows": []}
    names: dict[Territory, str] = {(Level.DEPARTEMENT, d.code): str(d) for d in departements}
    names[(Level.NATIONAL, NATIONAL_CODE)] = "France"
    return {
        "measures_header": ["Territoire", *(indicator.label for indicator in PUBLIC_MEASURES)],
        "measures_rows": [
            [names[territory], *(secrecy.label(figures[i.code]) for i in PUBLIC_MEASURES)]
            for territory, figures in shown.items()
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
