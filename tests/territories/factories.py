import factory

from tig.territories.models import Commune, Departement, Region

# Real communes (from tig/territories/data/communes.csv) for tests about places.
KNOWN = {
    # key: (INSEE code, name, département, région, population, lat, lon, postal codes)
    "dijon": ("21231", "Dijon", "21", "27", 161830, 47.32103, 5.04127, "21000"),
    "chenove": ("21166", "Chenôve", "21", "27", 13900, 47.29125, 5.00720, "21300"),
    "beaune": ("21054", "Beaune", "21", "27", 20000, 47.02513, 4.83965, "21200"),
    "macon": ("71270", "Mâcon", "71", "27", 35177, 46.30354, 4.83375, "71000"),
    "lille": ("59350", "Lille", "59", "32", 238246, 50.63089, 3.07086, "59000 59160 59260 59777 59800"),
    "roubaix": ("59512", "Roubaix", "59", "32", 98000, 50.69056, 3.18167, "59100"),
    "dunkerque": (
        "59183",
        "Dunkerque",
        "59",
        "32",
        86263,
        51.03751,
        2.37742,
        "59140 59240 59279 59430 59640",
    ),
    "bethune": ("62119", "Béthune", "62", "32", 25224, 50.53049, 2.63825, "62400"),
    "ajaccio": ("2A004", "Ajaccio", "2A", "94", 76320, 41.91865, 8.73688, "20000 20090 20167"),
    "bastia": ("2B033", "Bastia", "2B", "94", 48000, 42.70278, 9.45000, "20200 20600"),
    "saint_denis_974": (
        "97411",
        "Saint-Denis",
        "974",
        "04",
        155634,
        -20.87897,
        55.44863,
        "97400 97417 97490",
    ),
    "saint_denis_93": ("93066", "Saint-Denis", "93", "11", 113000, 48.93564, 2.35387, "93200 93210"),
    "cayenne": ("97302", "Cayenne", "973", "03", 62675, 4.93804, -52.33502, "97300"),
    "paris": ("75056", "Paris", "75", "11", 2103778, 48.85727, 2.32010, "75001 75002"),
    "saint_etienne": ("42218", "Saint-Étienne", "42", "84", 173000, 45.43389, 4.39000, "42000 42100"),
    "saint_pierre_975": ("97502", "Saint-Pierre", "975", "975", 5194, None, None, "97500"),
}
DEPARTEMENTS = {
    "21": ("Côte-d'Or", "27", "metro", 3),
    "71": ("Saône-et-Loire", "27", "metro", 0),
    "59": ("Nord", "32", "metro", 2),
    "62": ("Pas-de-Calais", "32", "metro", 2),
    "2A": ("Corse-du-Sud", "94", "metro", 3),
    "2B": ("Haute-Corse", "94", "metro", 3),
    "974": ("La Réunion", "04", "drom", 3),
    "973": ("Guyane", "03", "drom", 3),
    "93": ("Seine-Saint-Denis", "11", "metro", 3),
    "75": ("Paris", "11", "metro", 0),
    "42": ("Loire", "84", "metro", 3),
    "975": ("Saint-Pierre-et-Miquelon", "975", "com", 0),
}


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"R{n % 100:02d}")  # three characters at most
    name = factory.Sequence(lambda n: f"Région {n}")


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{n % 900 + 100}")
    name = factory.Sequence(lambda n: f"Département {n}")
    region = factory.SubFactory(RegionFactory)
    zone = "metro"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    departement = factory.SubFactory(DepartementFactory)
    population = 1000
    lat = 47.0
    lon = 5.0


def departement(code: str) -> Departement:
    name, region, zone, article = DEPARTEMENTS[code]
    return DepartementFactory(
        code=code,
        name=name,
        region=RegionFactory(code=region, name=f"Région {region}"),
        zone=zone,
        article_type=article,
    )


def commune(key: str) -> Commune:
    """A real commune, with its département and postal codes."""
    code, name, dept, _region, population, lat, lon, postal_codes = KNOWN[key]
    created = CommuneFactory(
        code=code,
        name=name,
        departement=departement(dept),
        population=population,
        lat=lat,
        lon=lon,
        postal_codes_display=", ".join(postal_codes.split()),
    )
    for postal_code in postal_codes.split():
        created.postal_codes.get_or_create(code=postal_code)
    return created


def load_departements(*codes: str) -> None:
    """The real communes of some départements, read from the committed reference file."""
    import csv

    from tig.territories.management.commands.load_territories import DATA_DIR
    from tig.territories.names import normalize_name

    with (DATA_DIR / "communes.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["departement"] in codes and row["kind"] == "commune"]
    for code in codes:
        departement(code) if code in DEPARTEMENTS else DepartementFactory(code=code)
    Commune.objects.bulk_create(
        [
            Commune(
                code=row["code"],
                name=row["name"],
                search_name=normalize_name(row["name"]),
                departement_id=row["departement"],
                population=int(row["population"] or 0),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
            for row in rows
        ],
        ignore_conflicts=True,
    )
