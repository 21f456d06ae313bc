"""Load the reference geography (régions, départements, communes, postal codes).

Idempotent: rows already up to date are not written again, so a second run changes
nothing. `--dry-run` only reports what would change.
"""

import csv
from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from tig.audit.models import Operation
from tig.audit.recording import record_bulk
from tig.territories.models import Commune, Departement, PostalCode, Region, forget_departements
from tig.territories.names import normalize_name

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def read_csv(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _float(value: str) -> float | None:
    return float(value) if value else None


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Charge le référentiel géographique (régions, départements, communes, codes postaux)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Affiche les changements sans les écrire.")

    def handle(self, *args, dry_run: bool = False, **options):
        try:
            with transaction.atomic():
                counts = self.load()
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write("Simulation : rien n'a été écrit.")
        forget_departements()
        summary = ", ".join(f"{label} : {value}" for label, value in counts.items())
        self.stdout.write(self.style.SUCCESS(summary))

    def load(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        counts["régions modifiées"] = self.sync(Region, read_csv("regions.csv"), lambda row: {"name": row["name"]})
        counts["départements modifiés"] = self.sync(
            Departement,
            read_csv("departements.csv"),
            lambda row: {
                "name": row["name"],
                "region_id": row["region"],
                "zone": row["zone"],
                "article_type": int(row["article_type"]),
            },
        )
        rows = read_csv("communes.csv")
        counts["communes modifiées"] = self.sync(
            Commune,
            rows,
            lambda row: {
                "name": row["name"],
                "search_name": normalize_name(row["name"]),
                "kind": row["kind"],
                "departement_id": row["departement"],
                "population": int(row["population"] or 0),
                "postal_codes_display": ", ".join(row["postal_codes"].split()),
                "lat": _float(row["lat"]),
                "lon": _float(row["lon"]),
            },
        )
        ids = dict(Commune.objects.values_list("code", "id"))
        counts["arrondissements rattachés"] = self.link_parents(rows, ids)
        counts["codes postaux modifiés"] = self.sync_postal_codes(rows, ids)
        counts["communes en base absentes du fichier"] = len(set(ids) - {row["code"] for row in rows})
        if any(value for key, value in counts.items() if key != "communes en base absentes du fichier"):
            record_bulk(Operation.UPDATE, "référentiel géographique", counts)
        return counts

    def sync(self, model, rows: list[dict], values) -> int:
        """Create or update rows keyed by their INSEE code; return how many were written."""
        fields = list(values(rows[0]))
        existing = {obj["code"]: obj for obj in model.objects.values("code", *fields)}
        to_write = []
        for row in rows:
            wanted = values(row)
            if existing.get(row["code"]) != {"code": row["code"], **wanted}:
                to_write.append(model(code=row["code"], **wanted))
        model.objects.bulk_create(
            to_write, batch_size=500, update_conflicts=True, unique_fields=["code"], update_fields=fields
        )
        return len(to_write)

    def link_parents(self, rows: list[dict], ids: dict[str, int]) -> int:
        wanted = {ids[row["code"]]: ids[row["parent"]] for row in rows if row["parent"]}
        current = dict(Commune.objects.filter(id__in=wanted).values_list("id", "parent_id"))
        changed = [Commune(id=pk, parent_id=parent) for pk, parent in wanted.items() if current.get(pk) != parent]
        Commune.objects.bulk_update(changed, ["parent"], batch_size=500)
        return len(changed)

    def sync_postal_codes(self, rows: list[dict], ids: dict[str, int]) -> int:
        wanted = {(code, ids[row["code"]]) for row in rows for code in row["postal_codes"].split()}
        existing = {
            (code, commune_id): pk
            for pk, code, commune_id in PostalCode.objects.values_list("id", "code", "commune_id")
        }
        stale = [pk for key, pk in existing.items() if key not in wanted]
        PostalCode.objects.filter(id__in=stale).delete()
        PostalCode.objects.bulk_create(
            [PostalCode(code=code, commune_id=commune_id) for code, commune_id in wanted - existing.keys()],
            batch_size=1000,
        )
        return len(stale) + len(wanted - existing.keys())
