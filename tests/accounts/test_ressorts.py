"""The tribunals' areas loaded from the agency's CSV (tig/accounts/ressorts.py): every line
checked first, nothing changed by a file with one wrong line, a tribunal's area replaced."""

import pytest
from django.core.management import CommandError, call_command

from tests.accounts.factories import ServiceFactory
from tests.territories.factories import commune, departement
from tig.accounts import ressorts
from tig.accounts.enums import ServiceKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def dijon():
    return ServiceFactory(kind=ServiceKind.TRIBUNAL, name="Tribunal judiciaire de Dijon", departement=departement("21"))


def test_a_file_gives_each_tribunal_its_communes(dijon):
    places = [commune(key) for key in ("dijon", "chenove", "beaune")]
    report = ressorts.load(
        "\ufefftribunal;commune\nTribunal judiciaire de Dijon;21231\nTribunal judiciaire de Dijon;21166\n"
    )
    assert report.errors == [] and (report.tribunals, report.communes) == (1, 2)
    assert set(dijon.communes.values_list("code", flat=True)) == {"21231", "21166"}
    ressorts.load("tribunal;commune\nTribunal judiciaire de Dijon;21054\n")  # replaced
    assert list(dijon.communes.values_list("code", flat=True)) == [places[2].code]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("nom;code\nTribunal judiciaire de Dijon;21231\n", "Ligne 1 : l'en-tête attendu est « tribunal;commune »."),
        (
            "tribunal;commune\nTribunal de nulle part;21231\n",
            "Ligne 2 : aucun tribunal judiciaire ne s'appelle « Tribunal de nulle part ».",
        ),
        (
            "tribunal;commune\nTribunal judiciaire de Dijon;99999\n",
            "Ligne 2 : « 99999 » n'est le code INSEE d'aucune commune.",
        ),
        ("tribunal;commune\nTribunal judiciaire de Dijon\n", "Ligne 2 : deux colonnes attendues, tribunal et commune."),
        (
            "tribunal;commune\nTribunal judiciaire de Dijon;21231\nTribunal judiciaire de Dijon;21231\n",
            "Ligne 3 : la commune 21231 est déjà au ressort d'un tribunal (ligne 2).",
        ),
        ("tribunal;commune\n", "Le fichier ne contient aucune ligne."),
    ],
)
def test_one_wrong_line_and_nothing_changes(dijon, text, error):
    commune("dijon")
    dijon.communes.set([commune("chenove")])
    report = ressorts.load(text + "Tribunal judiciaire de Dijon;21231\n" if "99999" in text else text)
    assert error in report.errors
    assert list(dijon.communes.values_list("code", flat=True)) == ["21166"]


def test_the_command_says_what_is_wrong(dijon, tmp_path):
    commune("dijon")
    path = tmp_path / "ressorts.csv"
    path.write_text("tribunal;commune\nTribunal judiciaire de Dijon;21231\n", encoding="utf-8")
    call_command("load_ressorts", path)
    assert dijon.communes.count() == 1
    path.write_bytes("tribunal;commune\nTribunal judiciaire de Dijon;2123\xe9\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("load_ressorts", path)
