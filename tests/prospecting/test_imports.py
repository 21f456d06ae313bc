"""The lists a referent imports (tig/prospecting/imports.py): every bad line reported, nothing
half-imported, no target twice."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import referent
from tests.prospecting.factories import TargetFactory, town_hall
from tests.territories.factories import commune
from tig.core.exceptions import Refused
from tig.prospecting import imports
from tig.prospecting.enums import Source, TargetKind
from tig.prospecting.models import Contact, Target

pytestmark = pytest.mark.django_db

HEADER = "nom;type;siret;adresse;commune;courriel;contact nom;contact fonction;contact courriel\n"


@pytest.fixture
def places():
    for key in ("dijon", "beaune", "lille"):
        commune(key)


def csv_file(*lines: str) -> bytes:
    return ("\ufeff" + HEADER + "\n".join(lines) + "\n").encode()


def test_a_good_list_is_imported_whole(places):
    user = referent("21")
    report = imports.import_file(
        user,
        "liste.csv",
        csv_file(
            "Habitat Dijon;hlm;;2 rue Leclerc;Dijon (21);contact@habitat.test;Claire Roy;Chargée de mission;c.roy@habitat.test",
            "Les Jardins de Beaune;;;;21054;;;;",
        ),
        TargetKind.ASSOCIATION,
    )
    assert report.ok and (report.created, report.completed) == (2, 0)
    habitat = Target.objects.get(name="Habitat Dijon")
    assert (habitat.kind, habitat.source, habitat.departement_id) == (TargetKind.SOCIAL_HOUSING, Source.IMPORT, "21")
    assert Contact.objects.get(target=habitat).function == "Chargée de mission"
    assert Target.objects.get(name="Les Jardins de Beaune").kind == TargetKind.ASSOCIATION  # the default type


def test_one_bad_line_and_nothing_is_imported(places):
    user = referent("21")
    report = imports.import_file(
        user,
        "liste.csv",
        csv_file(
            "Habitat Dijon;hlm;;;Dijon (21);;;;",
            ";association;;;Dijon (21);;;;",
            "Asso;fusée;;;Dijon (21);;;;",
            "Asso bis;;12345678901234;;Dijon (21);;;;",
            "Asso ter;;;;Atlantide;pas-une-adresse;;;",
            "Asso du Nord;;;;Lille (59);;;;",
            "HABITAT DIJON;hlm;;;21231;;;;",
        ),
        TargetKind.ASSOCIATION,
    )
    assert not report.ok and Target.objects.count() == 0
    errors = {line.number: " ".join(line.errors) for line in report.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "nom manque" in errors[3]
    assert "Type inconnu" in errors[4]
    assert "SIRET" in errors[5]
    assert "Aucune commune" in errors[6] and "non valable" in errors[6]
    assert "pas dans vos départements" in errors[7]
    assert "ligne 2" in errors[8]  # the same organisation twice in the file
    with pytest.raises(Refused):
        imports.apply(user, report)


def test_a_target_already_there_is_completed_not_duplicated(places):
    hall = town_hall("dijon", email="")
    TargetFactory(name="Secours Populaire", commune=commune("beaune"), siret="", phone="03 80 11 11 11")
    report = imports.import_file(
        referent("21"),
        "liste.csv",
        csv_file(
            "Mairie de Dijon;mairie;;;Dijon (21);accueil@dijon.test;;;",
            "SECOURS POPULAIRE;;;;Beaune (21);;;;",
        ),
        TargetKind.ASSOCIATION,
    )
    assert report.ok and (report.created, report.completed) == (0, 2)
    hall.refresh_from_db()
    assert hall.email == "accueil@dijon.test" and Target.objects.count() == 2


def test_a_spreadsheet_and_the_files_that_are_not_lists(places):
    book = openpyxl.Workbook()
    book.active.append(["Nom", "Commune", "Téléphone"])
    book.active.append(["Régie de quartier", "Dijon (21)", "03 80 22 22 22"])
    buffer = io.BytesIO()
    book.save(buffer)
    user = referent("21")
    report = imports.import_file(user, "liste.xlsx", buffer.getvalue(), TargetKind.ASSOCIATION)
    assert report.ok and Target.objects.get().phone == "03 80 22 22 22"
    assert imports.check(user, "liste.csv", b"nom;ville\nX;Dijon\n", TargetKind.ASSOCIATION).missing_columns == [
        "commune"
    ]
    for name, content, message in (
        ("liste.xlsx", b"pas un classeur", "XLSX"),
        ("liste.pdf", b"%PDF", "CSV ou XLSX"),
        ("liste.csv", "nom;commune\nÉcole;Dijon\n".encode("latin-1"), "UTF-8"),
        ("liste.csv", b"", "vide"),
    ):
        with pytest.raises(Refused, match=message):
            imports.import_file(user, name, content, TargetKind.ASSOCIATION)


def test_the_import_page(client_for, places):
    client = client_for(referent("21"))
    assert client.get("/prospection/import/").status_code == 200
    bad = SimpleUploadedFile("liste.csv", csv_file("Asso;;;;Atlantide;;;;"), content_type="text/csv")
    response = client.post("/prospection/import/", {"file": bad, "kind": "association"})
    assert response.status_code == 400 and "Aucune commune" in response.content.decode()
    good = SimpleUploadedFile("liste.csv", csv_file("Asso;;;;Dijon (21);;;;"), content_type="text/csv")
    response = client.post("/prospection/import/", {"file": good, "kind": "association"})
    assert response.status_code == 302 and Target.objects.filter(name="Asso").exists()
    template = b"".join(client.get("/prospection/import/?modele").streaming_content).decode("utf-8-sig")
    assert template.startswith("nom;type;siret")
