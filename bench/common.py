"""What the benchmarks share: a database of their own per run (SQLite always, PostgreSQL when
DATABASE_URL names one), built in a child process, and the figures' summaries.

Each benchmark module has a `measure(posts, existing)` that runs inside the child, with
Django set up on the child's database; `run(module, posts)` runs it on each database and
returns one result per database. `--existing` measures the database of the environment as it
is (no building, nothing dropped): for a developer's large database built once.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SEED = 2019


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> tuple[float, float]:
    """(median, 95th percentile), rounded to the hundredth."""
    return round(statistics.median(values), 2), round(percentile(values, 0.95), 2)


def count_queries(call) -> int:
    """How many SQL statements `call()` runs (through the connection's execute wrapper, which
    the request's own bookkeeping does not reset)."""
    from django.db import connection

    executed = []

    def counter(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        call()
    return len(executed)


def machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}, charge {load}"


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


def bench_measure(n: int, **fields):
    """The n-th fictitious measure of a benchmark (unsaved), with `fields` on top."""
    from datetime import date, timedelta

    from tig.measures.enums import ConsentMode, MeasureKind
    from tig.measures.models import Measure

    return Measure(
        appi_number=f"21-{n:08d}",
        last_name=f"Nom{n:05d}",
        first_names="Prénom",
        birth_date=date(1990, 1, 1) + timedelta(days=n % 5000),
        kind=MeasureKind.TIG,
        hours_ordered=20 + n % 380,
        consent_mode=ConsentMode.PRESENT,
        **fields,
    )


def prepare(posts: int) -> dict:
    """Migrations, the reference geography and `posts` posts spread like the population, then
    the statistics the planners need; returns how long each took."""
    import time

    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    territories_s = time.perf_counter() - started
    started = time.perf_counter()
    call_command("generate_posts", str(posts), "--seed", str(SEED), verbosity=0)
    generation_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")
            # Write the bulk load out now (superuser only), not in the middle of the timings.
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("CHECKPOINT")
    return {"load_territories_s": round(territories_s, 1), "generate_posts_s": round(generation_s, 1)}


def child_main(module: str, measure) -> None:
    """The child's entry point: `python -m bench.<module> --child <database> --posts N`."""
    args = sys.argv[1:]
    posts = int(args[args.index("--posts") + 1])
    existing = "--existing" in args
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    result = {"database": connection.vendor, "posts": posts, **measure(posts, existing)}
    result["server"] = (
        connection.vendor == "postgresql" and connection.cursor().connection.info.server_version
    ) or None
    result["machine"] = machine()
    print("RESULT " + json.dumps(result))


def _run_child(module: str, env: dict, posts: int, existing: bool = False) -> dict:
    command = [sys.executable, "-m", f"bench.{module}", "--child", "--posts", str(posts)]
    if existing:
        command.append("--existing")
    process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if process.returncode != 0:
        sys.stderr.write(process.stdout + process.stderr)
        raise SystemExit(f"le banc d'essai {module} a échoué")
    line = next(line for line in process.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def _sqlite(module: str, posts: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"), "TIG_ENV": "development"}
        env["DEBUG"] = "false"
        env.pop("DATABASE_URL", None)
        return _run_child(module, env, posts)


def _postgresql(module: str, url: str, posts: int) -> dict:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = f"tig_bench_{module}_{os.getpid()}"
    admin = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
    }
    admin = {key: value for key, value in admin.items() if value}
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name, "TIG_ENV": "development"}
        env["DEBUG"] = "false"
        return _run_child(module, env, posts)
    finally:
        with psycopg.connect(**admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(module: str, posts: int, existing: bool = False) -> list[dict]:
    """The benchmark on SQLite, and on PostgreSQL when DATABASE_URL names a server; or, with
    `existing`, on the environment's database as it is."""
    if existing:
        return [_run_child(module, {**os.environ, "TIG_ENV": "development", "DEBUG": "false"}, posts, True)]
    results = [_sqlite(module, posts)]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        results.append(_postgresql(module, url, posts))
    return results


def save(name: str, results: list[dict]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path
