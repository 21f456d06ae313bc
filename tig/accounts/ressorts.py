"""The tribunals' areas (« ressorts »), which no open data gives: a list the agency keeps as CSV
(UTF-8, « ; » between columns, a header `tribunal;commune`: the tribunal's name as the platform
knows it, the commune's INSEE code), loaded by `manage.py load_ressorts`. Every line is checked
first; one wrong line and nothing changes. Each tribunal named gets the communes of its lines,
in place of those it had."""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from tig.accounts.enums import ServiceKind
from tig.accounts.models import Service
from tig.territories.enums import CommuneKind
from tig.territories.models import Commune

HEADER = ["tribunal", "commune"]


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    tribunals: int = 0
    communes: int = 0


def load(text: str) -> Report:
    report = Report()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header != HEADER:
        report.errors.append("Ligne 1 : l'en-tête attendu est « tribunal;commune ».")
        return report
    tribunals = {service.name: service for service in Service.objects.filter(kind=ServiceKind.TRIBUNAL)}
    lines = [(number, [cell.strip() for cell in row]) for number, row in enumerate(reader, start=2) if any(row)]
    communes = dict(
        Commune.objects.filter(
            kind=CommuneKind.COMMUNE, code__in=[row[1] for _n, row in lines if len(row) == 2]
        ).values_list("code", "pk")
    )
    wanted: dict[int, set[int]] = defaultdict(set)
    seen: dict[str, int] = {}
    for number, row in lines:
        if len(row) != 2:
            report.errors.append(f"Ligne {number} : deux colonnes attendues, tribunal et commune.")
            continue
        name, code = row
        tribunal = tribunals.get(name)
        if tribunal is None:
            report.errors.append(f"Ligne {number} : aucun tribunal judiciaire ne s'appelle « {name} ».")
        if code not in communes:
            report.errors.append(f"Ligne {number} : « {code} » n'est le code INSEE d'aucune commune.")
        elif code in seen:
            report.errors.append(
                f"Ligne {number} : la commune {code} est déjà au ressort d'un tribunal (ligne {seen[code]})."
            )
        seen.setdefault(code, number)
        if tribunal is not None and code in communes:
            wanted[tribunal.pk].add(communes[code])
    if report.errors or not wanted:
        if not report.errors:
            report.errors.append("Le fichier ne contient aucune ligne.")
        return report
    with transaction.atomic():
        for service in Service.objects.filter(pk__in=wanted).select_for_update():
            service.communes.set(wanted[service.pk])
    report.tribunals = len(wanted)
    report.communes = sum(len(ids) for ids in wanted.values())
    return report
