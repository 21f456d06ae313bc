"""The open data: the quarterly dataset of the posts' indicators per département, its Table
Schema, and what the public page shows. Only aggregated counts of posts, places and host
organisations: no person, no contact (docs/decisions/0012).

A quarter's file is built from the last daily snapshot taken in that quarter, so it stays the
same once the quarter is over; the current quarter's file follows the latest snapshot."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from tig.stats.enums import Level
from tig.stats.indicators import ACCESSIBLE, FREE_PLACES, HOSTS, INDICATORS, MINORS, PER_10K, PLACES, POSTS, WEEKEND
from tig.stats.models import Snapshot
from tig.stats.queries import last_day_of_each_quarter
from tig.territories.models import Departement

DATASET = "postes-tig-par-departement"
LICENCE = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# (column, title, type, description, indicator); the first four describe the row.
COLUMNS: list[tuple[str, str, str, str, str | None]] = [
    ("trimestre", "Trimestre", "string", "Trimestre du relevé, sous la forme AAAA-Tn.", None),
    ("date_releve", "Date du relevé", "date", "Jour du dernier relevé quotidien du trimestre.", None),
    ("code_departement", "Code du département", "string", "Code INSEE du département.", None),
    ("nom_departement", "Nom du département", "string", "Nom du département.", None),
    ("code_region", "Code de la région", "string", "Code INSEE de la région du département.", None),
    ("postes", POSTS.label, "integer", POSTS.definition, POSTS.code),
    ("places", PLACES.label, "integer", PLACES.definition, PLACES.code),
    ("places_libres", FREE_PLACES.label, "integer", FREE_PLACES.definition, FREE_PLACES.code),
    ("structures", HOSTS.label, "integer", HOSTS.definition, HOSTS.code),
    ("postes_mineurs", MINORS.label, "integer", MINORS.definition, MINORS.code),
    ("postes_week_end", WEEKEND.label, "integer", WEEKEND.definition, WEEKEND.code),
    ("postes_accessibles", ACCESSIBLE.label, "integer", ACCESSIBLE.definition, ACCESSIBLE.code),
    ("places_pour_10000_habitants", PER_10K.label, "number", PER_10K.definition, PER_10K.code),
]


# The indicators published (the same as the dataset's columns).
PUBLIC_INDICATORS = [indicator for indicator in INDICATORS for *_rest, code in COLUMNS[5:] if code == indicator.code]


def schema() -> dict[str, Any]:
    """The dataset's Table Schema (https://specs.frictionlessdata.io/table-schema/)."""
    fields = []
    for name, title, kind, description, indicator in COLUMNS:
        field: dict[str, Any] = {"name": name, "title": title, "type": kind, "description": description}
        constraints: dict[str, Any] = {"required": True}
        if name == "trimestre":
            constraints["pattern"] = r"\d{4}-T[1-4]"
        elif name in ("code_departement", "code_region"):
            constraints["pattern"] = r"[0-9AB]{2,3}"
        elif indicator is not None:
            constraints["minimum"] = 0
        field["constraints"] = constraints
        fields.append(field)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": DATASET,
        "title": "Postes de travail d'intérêt général et de travail non rémunéré, par département et par trimestre",
        "description": (
            "Un état du dernier jour relevé de chaque trimestre (pas un cumul) : postes proposés dans la recherche de "
            "la plateforme TIG, leurs places, leurs places libres et les structures d'accueil. Aucune donnée "
            "personnelle."
        ),
        "licenses": [{"title": LICENCE, "path": LICENCE_URL}],
        "fields": fields,
        "primaryKey": ["trimestre", "code_departement"],
        "missingValues": [""],
    }


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int
    day: date  # its last snapshot

    @property
    def label(self) -> str:
        return f"{self.year}-T{self.number}"

    @property
    def filename(self) -> str:
        return f"{DATASET}-{self.label}.csv"


def quarters() -> list[Quarter]:
    """The quarters that have a snapshot of the posts, oldest first (not a backfilled quarter,
    which holds only the files' and measures' flows: tig/stats/backfill.py)."""
    days = Snapshot.objects.filter(level=Level.NATIONAL, indicator=POSTS.code).values_list("day", flat=True).distinct()
    return [Quarter(year, number, day) for (year, number), day in last_day_of_each_quarter(days)]


def find(year: int, number: int) -> Quarter | None:
    return next((quarter for quarter in quarters() if (quarter.year, quarter.number) == (year, number)), None)


def quarter_url(quarter: Quarter) -> str:
    return reverse("opendata:quarter", kwargs={"year": quarter.year, "quarter": quarter.number})


def rows(quarter: Quarter) -> list[list[Any]]:
    values: dict[str, dict[str, Decimal]] = {}
    published = [column for *_rest, column in COLUMNS if column]
    for territory, indicator, amount in Snapshot.objects.filter(
        day=quarter.day, level=Level.DEPARTEMENT, indicator__in=published
    ).values_list("code", "indicator", "value"):
        values.setdefault(territory, {})[indicator] = amount
    table = []
    for departement in Departement.objects.all():
        figures = values.get(departement.code, {})
        row: list[Any] = [
            quarter.label,
            quarter.day.isoformat(),
            departement.code,
            departement.name,
            departement.region_id,
        ]
        for _name, _title, kind, _description, column in COLUMNS[5:]:
            value = figures.get(column or "", Decimal(0))
            row.append(f"{value:.2f}" if kind == "number" else int(value))
        table.append(row)
    return table


def csv_text(quarter: Quarter) -> str:
    """The dataset as CSV: UTF-8, comma-separated, a header of the schema's field names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([name for name, *_rest in COLUMNS])
    writer.writerows(rows(quarter))
    return buffer.getvalue()
