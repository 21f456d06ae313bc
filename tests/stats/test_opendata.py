"""The open data: a public page, a quarterly CSV per département at a stable address and a
« latest » one, valid against its Table Schema (checked with frictionless), and nothing personal."""

import pytest
import time_machine
from frictionless import Resource, Schema, validate

from tests.accounts.factories import host_member
from tests.measures.factories import MeasureFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.posts.models import Post
from tig.stats.tasks import take_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarters():
    town = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon", email="mairie@dijon.test")
    host_member(town, email="laurence.bernard@dijon.test")
    PostFactory(organisation=town, places_offered=3)
    MeasureFactory(last_name="Martin")
    with time_machine.travel("2026-09-30 22:00 +02:00", tick=False):
        take_snapshot.call()
    Post.objects.update(places_offered=5)
    with time_machine.travel("2026-12-04 10:00 +01:00", tick=False):
        take_snapshot.call()


def test_each_quarter_has_a_stable_file_and_the_latest_follows(client, quarters):
    september = client.get("/donnees/postes-tig-par-departement-2026-T3.csv")
    latest = client.get("/donnees/postes-tig-par-departement.csv")
    assert september.status_code == latest.status_code == 200
    assert september["Content-Type"] == "text/csv; charset=utf-8"
    lines = september.content.decode("utf-8").splitlines()
    assert lines[0].startswith("trimestre,date_releve,code_departement,nom_departement,code_region,postes,places")
    dijon = next(line for line in lines if ",21,Côte-d'Or," in line)
    assert dijon.startswith("2026-T3,2026-09-30,21,") and ",1,3,3,1," in dijon
    assert "2026-T4,2026-12-04" in latest.content.decode() and ",1,5,5,1," in latest.content.decode()
    assert client.get("/donnees/postes-tig-par-departement-2025-T1.csv").status_code == 404
    assert client.get("/donnees/postes-tig-par-departement-2026-T9.csv").status_code == 404


def test_every_published_file_is_valid_against_its_schema(client, quarters, tmp_path):
    schema = client.get("/donnees/schema.json").json()
    assert [field["name"] for field in schema["fields"]][:3] == ["trimestre", "date_releve", "code_departement"]
    for quarter in ("2026-T3", "2026-T4"):
        (tmp_path / f"{quarter}.csv").write_bytes(
            client.get(f"/donnees/postes-tig-par-departement-{quarter}.csv").content
        )
        resource = Resource(path=f"{quarter}.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema))
        report = validate(resource)
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # The check can fail: a count left empty or negative is refused.
    broken = (tmp_path / "2026-T3.csv").read_text().replace(",1,3,3,1,", ",-1,3,,1,")
    (tmp_path / "broken.csv").write_text(broken)
    resource = Resource(path="broken.csv", basepath=str(tmp_path), schema=Schema.from_descriptor(schema))
    assert not validate(resource).valid


def test_the_page_is_public_and_nothing_public_names_anyone(client, quarters):
    page = client.get("/donnees/")
    assert page.status_code == 200 and "Licence Ouverte" in page.text and "2026-T3" in page.text
    published = page.text + client.get("/donnees/postes-tig-par-departement.csv").content.decode()
    published += client.get("/donnees/schema.json").content.decode()
    for private in ("Martin", "MARTIN", "laurence.bernard", "mairie@dijon.test", "Ville de Dijon"):
        assert private not in published
