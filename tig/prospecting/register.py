"""The national register of institutional targets: every commune's town hall and every EPCI,
from tig/prospecting/data/cibles.csv.gz (built by build_targets.py from the reference packages;
institutional contacts only). Loaded by `manage.py load_targets`, again at each new edition:
the reference's own fields are updated, never what the prospecting added (stage, next step,
contacts, exchanges, organisation)."""

import csv
import gzip
import io
from pathlib import Path

from django.db import transaction

from tig.audit.enums import Operation
from tig.audit.recording import record_bulk
from tig.prospecting.enums import Source
from tig.prospecting.models import Target, match_key
from tig.territories.enums import CommuneKind
from tig.territories.models import Commune

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "cibles.csv.gz"
COLUMNS_REQUIRED = [
    "kind",
    "reference_code",
    "siren",
    "name",
    "commune",
    "population",
    "address",
    "email",
    "phone",
    "website",
]
REFERENCE_FIELDS = [
    "name",
    "kind",
    "siren",
    "match_key",
    "address",
    "commune",
    "departement",
    "population",
    "email",
    "phone",
    "website",
]
BATCH = 2000


def read_reference(path: Path = REFERENCE_FILE) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(io.StringIO(handle.read())))


def load_reference(path: Path = REFERENCE_FILE) -> tuple[int, int]:
    """Create or update the register; returns (lines loaded, lines skipped: a commune the
    platform's geography does not have)."""
    communes = {
        code: (pk, departement)
        for code, pk, departement in Commune.objects.filter(kind=CommuneKind.COMMUNE).values_list(
            "code", "pk", "departement_id"
        )
    }
    targets, skipped = [], 0
    for row in read_reference(path):
        found = communes.get(row["commune"])
        if found is None:
            skipped += 1
            continue
        commune_id, departement = found
        targets.append(
            Target(
                reference_code=row["reference_code"],
                source=Source.REFERENCE,
                name=row["name"],
                kind=row["kind"],
                siren=row["siren"],
                match_key=match_key(row["name"], row["commune"]),
                address=row["address"],
                commune_id=commune_id,
                departement_id=departement,
                population=int(row["population"] or 0),
                email=row["email"],
                phone=row["phone"],
                website=row["website"],
            )
        )
    with transaction.atomic():
        for start in range(0, len(targets), BATCH):
            Target.objects.bulk_create(
                targets[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["reference_code"],
                update_fields=REFERENCE_FIELDS,
            )
        record_bulk(Operation.CREATE, "Registre national des cibles (mairies et EPCI)", {"lignes": len(targets)})
    return len(targets), skipped
