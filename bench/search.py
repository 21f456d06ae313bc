"""Benchmark of the search, run by `make bench` (a measurement, not a test).

For each database — SQLite always, PostgreSQL too when DATABASE_URL names a PostgreSQL
server — a child process builds a database of its own (migrations, the reference
geography, 100,000 posts spread like the population), then measures, through the same
code as the site:

- 200 random searches (a commune drawn at random, 30 km, one random filter, the first page
  of 20 and the total count) with `tig.posts.search.search`, the function of the view, each
  timed 5 times (percentiles over the 1,000 timings);
- the same searches as whole HTML pages through Django's test client (middleware,
  session, template rendering);
- the same two measures for 200 communes drawn in proportion to their population (searches
  where people live: around Paris, a 30 km circle holds some 15,000 of the 100,000 posts);
- 200 commune autocompletions through their HTTP endpoint;
- the map's data for a 100 km search around Paris, its size raw and gzipped.

Results go to bench/results/search.json: one object per database. The PostgreSQL
database is created for the run and dropped after.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "search.json"
POSTS = 100_000
SEARCHES = 200
# Each search is timed ROUNDS times: the percentiles are those of all the timings, so that
# one slow moment of the machine does not make the p95 of a run.
ROUNDS = 5
RADIUS_KM = 30
SEED = 2019

FILTERS = [
    {"disponible": "on"},
    {"weekend": "on"},
    {"mineurs": "on"},
    {"pmr": "on"},
    {"transports": "on"},
    {"collectif": "on"},
    {"mesure": "tig"},
    {"mesure": "tnr"},
    {"domaine": "espaces_verts"},
    {"domaine": "solidarite"},
]


def bench_officer():
    """The probation officer the benchmarks search as (created once per database)."""
    from tig.accounts.enums import Role, ServiceKind
    from tig.accounts.models import Service, User
    from tig.territories.models import Departement

    officer = User.objects.filter(email="banc@exemple.test").first()
    if officer is None:
        spip, _ = Service.objects.get_or_create(
            kind=ServiceKind.SPIP,
            name="SPIP du banc d'essai",
            defaults={"departement": Departement.objects.get(code="21")},
        )
        officer = User.objects.create_user(
            "banc@exemple.test", "x", first_name="B", last_name="E", role=Role.PROBATION_OFFICER, service=spip
        )
    return officer


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> tuple[float, float]:
    return round(statistics.median(values), 2), round(percentile(values, 0.95), 2)


def measure(database: str, posts: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tig.accounts.enums import Role, ServiceKind
    from tig.accounts.models import Service, User
    from tig.posts.forms import SearchForm
    from tig.posts.search import search
    from tig.territories.models import Commune, Departement

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    territories_s = time.perf_counter() - started
    started = time.perf_counter()
    call_command("generate_posts", str(posts), "--seed", str(SEED), verbosity=0)
    generation_s = time.perf_counter() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            # Write the bulk load out now (superuser only), not in the middle of the timings.
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("CHECKPOINT")

    spip = Service.objects.create(
        kind=ServiceKind.SPIP, name="SPIP du banc d'essai", departement=Departement.objects.get(code="21")
    )
    officer = User.objects.create_user(
        "banc@exemple.test", "x", first_name="B", last_name="E", role=Role.PROBATION_OFFICER, service=spip
    )

    rng = random.Random(SEED)
    communes = list(
        Commune.objects.filter(lat__isnull=False, population__gt=0).exclude(kind="arrondissement").order_by("code")
    )
    draws = {
        "uniform": rng.sample(communes, SEARCHES),
        "weighted": rng.choices(communes, weights=[c.population for c in communes], k=SEARCHES),
    }

    def criteria_of(params):
        form = SearchForm(QueryDict(urlencode(params, doseq=True)))
        assert form.is_valid(), form.errors
        return form.criteria()

    client = Client()
    client.force_login(officer)
    measures = {}
    for draw, chosen in draws.items():
        queries = [{"lieu": c.label, "rayon": str(RADIUS_KM), **rng.choice(FILTERS)} for c in chosen]
        criteria = [criteria_of(params) for params in queries]
        for item in criteria[:20]:  # warm-up
            search(officer, item)
        query_ms, totals = [], []
        for _ in range(ROUNDS):
            for item in criteria:
                start = time.perf_counter()
                results = search(officer, item)
                query_ms.append((time.perf_counter() - start) * 1000)
                totals.append(results.total)
        for params in queries[:20]:
            client.get("/postes/", params)
        page_ms = []
        for _ in range(ROUNDS):
            for params in queries:
                start = time.perf_counter()
                response = client.get("/postes/", params)
                page_ms.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
        measures[draw] = {
            "query_ms": query_ms,
            "page_ms": page_ms,
            "totals": totals,
            "first": (criteria[0], queries[0]),
        }

    first_criteria, first_query = measures["uniform"]["first"]
    with CaptureQueriesContext(connection) as captured:
        search(officer, first_criteria)
    search_queries = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        client.get("/postes/", first_query)
    page_queries = len(captured.captured_queries)

    # Commune autocomplete, as typed: the first 2 to 6 letters of a commune's name, or a postal code.
    prefixes = []
    for commune in rng.sample(communes, SEARCHES):
        if rng.random() < 0.2 and commune.postal_codes_display:
            prefixes.append(commune.postal_codes_display[: rng.randint(2, 5)])
        else:
            prefixes.append(commune.name[: rng.randint(2, 6)])
    for prefix in prefixes[:20]:
        client.get("/communes/suggestions/", {"lieu": prefix})
    autocomplete_ms = []
    for prefix in prefixes:
        start = time.perf_counter()
        client.get("/communes/suggestions/", {"lieu": prefix})
        autocomplete_ms.append((time.perf_counter() - start) * 1000)

    # The map's data: 100 km around Paris.
    paris = {"lieu": "Paris (75)", "rayon": "100"}
    raw = client.get("/postes/carte.json", paris)
    gzipped = client.get("/postes/carte.json", paris, headers={"Accept-Encoding": "gzip"})
    assert gzipped.get("Content-Encoding") == "gzip"
    map_data = json.loads(raw.content)
    start = time.perf_counter()
    client.get("/postes/carte.json", paris, headers={"Accept-Encoding": "gzip"})
    map_ms = (time.perf_counter() - start) * 1000

    query_p50, query_p95 = summary(measures["uniform"]["query_ms"])
    page_p50, page_p95 = summary(measures["uniform"]["page_ms"])
    weighted_p50, weighted_p95 = summary(measures["weighted"]["query_ms"])
    weighted_page_p50, weighted_page_p95 = summary(measures["weighted"]["page_ms"])
    auto_p50, auto_p95 = summary(autocomplete_ms)
    return {
        "database": database,
        "posts": posts,
        "queries": search_queries,
        "p50_ms": query_p50,
        "p95_ms": query_p95,
        "page_p50_ms": page_p50,
        "page_p95_ms": page_p95,
        "page_queries": page_queries,
        "searches": SEARCHES,
        "rounds": ROUNDS,
        "radius_km": RADIUS_KM,
        "results_median": statistics.median(measures["uniform"]["totals"]),
        "results_max": max(measures["uniform"]["totals"]),
        "weighted_p50_ms": weighted_p50,
        "weighted_p95_ms": weighted_p95,
        "weighted_page_p50_ms": weighted_page_p50,
        "weighted_page_p95_ms": weighted_page_p95,
        "weighted_results_median": statistics.median(measures["weighted"]["totals"]),
        "weighted_results_max": max(measures["weighted"]["totals"]),
        "autocomplete_p50_ms": auto_p50,
        "autocomplete_p95_ms": auto_p95,
        "map_paris_100km_total_posts": map_data["total"],
        "map_paris_100km_points": len(map_data["points"]),
        "map_paris_100km_bytes_raw": len(raw.content),
        "map_paris_100km_bytes_gzip": len(gzipped.content),
        "map_paris_100km_ms": round(map_ms, 1),
        "load_territories_s": round(territories_s, 1),
        "generate_posts_s": round(generation_s, 1),
        "server": (connection.vendor == "postgresql" and connection.cursor().connection.info.server_version) or None,
    }


def child(database: str, posts: int) -> None:
    result = measure(database, posts)
    print("RESULT " + json.dumps(result))


def run_child(database: str, env: dict, posts: int) -> dict:
    command = [sys.executable, "-m", "bench.search", "--child", database, "--posts", str(posts)]
    process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if process.returncode != 0:
        sys.stderr.write(process.stdout + process.stderr)
        raise SystemExit(f"le banc d'essai {database} a échoué")
    line = next(line for line in process.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def bench_sqlite(posts: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "TIG_ENV": "development",
            "DEBUG": "false",
        }
        env.pop("DATABASE_URL", None)
        return run_child("sqlite", env, posts)


def bench_postgresql(url: str, posts: int) -> dict:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"tig_bench_{os.getpid()}"
    admin = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in admin.items() if v}, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        bench_url = url.rsplit("/", 1)[0] + "/" + name
        env = {**os.environ, "DATABASE_URL": bench_url, "TIG_ENV": "development", "DEBUG": "false"}
        return run_child("postgresql", env, posts)
    finally:
        with psycopg.connect(**{k: v for k, v in admin.items() if v}, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai de la recherche de postes.")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--posts", type=int, default=POSTS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args.child:
        child(args.child, args.posts)
        return

    results = [bench_sqlite(args.posts)]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        results.append(bench_postgresql(url, args.posts))
    for result in results:
        result["machine"] = f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    for result in results:
        print(
            f"{result['database']:>10} : {result['posts']} postes, recherche p50 {result['p50_ms']} ms / p95 {result['p95_ms']} ms "
            f"({result['queries']} requêtes), page p50 {result['page_p50_ms']} ms / p95 {result['page_p95_ms']} ms ; "
            f"pondéré par la population : recherche p95 {result['weighted_p95_ms']} ms, page p95 {result['weighted_page_p95_ms']} ms ; "
            f"autocomplétion p95 {result['autocomplete_p95_ms']} ms, carte Paris 100 km {result['map_paris_100km_bytes_gzip']} octets gzip"
        )
    print(f"→ {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
