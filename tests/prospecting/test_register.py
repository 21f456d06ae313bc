"""The national register of town halls and EPCI (tig/prospecting/register.py, data/cibles.csv.gz)."""

import csv
import gzip
import io

import pytest

from tests.accounts.factories import referent
from tests.territories.factories import commune
from tig.prospecting import services
from tig.prospecting.enums import Source, Stage, TargetKind
from tig.prospecting.models import Target
from tig.prospecting.register import COLUMNS_REQUIRED, REFERENCE_FILE, load_reference, read_reference

pytestmark = pytest.mark.django_db


def write(path, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS_REQUIRED)
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(gzip.compress(buffer.getvalue().encode()))
    return path


def row(**values):
    base = dict.fromkeys(COLUMNS_REQUIRED, "")
    return {**base, **values}


def test_the_committed_register_has_every_town_hall_and_no_person():
    rows = read_reference(REFERENCE_FILE)
    halls = [r for r in rows if r["kind"] == TargetKind.TOWN_HALL]
    assert len(halls) > 34_000 and len(rows) - len(halls) > 1_200
    assert set(rows[0]) == set(COLUMNS_REQUIRED)  # institutional fields only: no mayor, no birth date
    dijon = next(r for r in halls if r["commune"] == "21231")
    assert dijon["name"] == "Mairie de Dijon" and dijon["siren"] == "212102313"
    assert next(r for r in halls if r["commune"] == "71153")["name"] == "Mairie du Creusot"


def test_loading_twice_updates_the_reference_and_keeps_the_prospecting(tmp_path):
    commune("dijon")
    path = write(
        tmp_path / "cibles.csv.gz",
        [
            row(
                kind="town_hall",
                reference_code="mairie-21231",
                siren="212102311",
                name="Mairie de Dijon",
                commune="21231",
                population="160000",
                email="ancienne@dijon.test",
            ),
            row(kind="town_hall", reference_code="mairie-99999", name="Mairie de Nulle-Part", commune="99999"),
        ],
    )
    assert load_reference(path) == (1, 1)  # a commune the geography does not have is skipped
    hall = Target.objects.get()
    assert (hall.source, hall.departement_id, hall.email) == (Source.REFERENCE, "21", "ancienne@dijon.test")
    services.log_interaction(
        referent("21"),
        hall,
        kind="call",
        happened_on=hall.created_at.date(),
        summary="Appel.",
        next_step="Rappeler",
        next_step_on=hall.created_at.date().replace(year=hall.created_at.year + 1),
    )
    write(
        path,
        [
            row(
                kind="town_hall",
                reference_code="mairie-21231",
                siren="212102311",
                name="Mairie de Dijon",
                commune="21231",
                population="161830",
                email="accueil@dijon.test",
            )
        ],
    )
    assert load_reference(path) == (1, 0)
    hall = Target.objects.get()
    assert (hall.population, hall.email, hall.stage) == (161830, "accueil@dijon.test", Stage.CONTACTED)
