"""Benchmark of the statistics, run by `make bench` (a measurement, not a test).

On a database of its own per engine (bench/common.py) with POSTS posts and MEASURES measures
(every state, a placement for each assigned one) and a DISP and a DIR-PJJ per région: the daily
snapshot task for every territory (France, the régions, the directorates, the départements),
timed (the first run also records every post in search; the next ones compare), and the
population within reach of a free place alone; then a year of daily
snapshots (the day's rows copied to the 364 days before), and the statistics page as the agency
(France and every département, the history by quarter) and as a referent, 30 times each; the
public dataset of the latest quarter and the public page, 10 times each.
Results: bench/results/stats-<POSTS>.json.
"""

import argparse
import sys
import time
from datetime import timedelta

from bench.common import child_main, count_queries, prepare, run, save, summary

POSTS = 100_000
MEASURES = 100_000
REQUESTS = 30


def _measures(count: int) -> int:
    """`count` measures over one SPIP per département, in every state, with a placement for
    those assigned, in progress or closed (decided after the sentence), closed over the year."""
    import random
    from datetime import date, datetime, timedelta

    from django.utils import timezone

    from bench.common import bench_measure, bench_officer
    from tig.accounts.enums import ServiceKind
    from tig.accounts.models import Service
    from tig.measures.enums import MeasureStatus
    from tig.measures.models import Measure, Placement
    from tig.posts.models import Post
    from tig.territories.models import Departement

    rng = random.Random(2026)
    officer = bench_officer()
    services = [
        Service.objects.get_or_create(kind=ServiceKind.SPIP, name=f"SPIP {d.code} (banc)", defaults={"departement": d})[
            0
        ]
        for d in Departement.objects.all()
    ]
    post_ids = list(Post.objects.values_list("pk", flat=True)[:20_000])
    statuses = list(MeasureStatus.values)
    today = timezone.localdate()
    made = []
    for n in range(count):
        sentenced = today - timedelta(days=rng.randint(10, 700))
        status = statuses[n % len(statuses)]
        closed = status in (MeasureStatus.COMPLETED, MeasureStatus.FAILED)
        made.append(
            bench_measure(
                n,
                service=services[n % len(services)],
                officer=officer,
                status=status,
                sentence_date=sentenced,
                deadline=sentenced + timedelta(days=540),
                closed_at=timezone.make_aware(
                    datetime.combine(today - timedelta(days=rng.randint(0, 500)), datetime.min.time())
                )
                if closed
                else None,
            )
        )
    Measure.objects.bulk_create(made, batch_size=5_000)
    placed = Measure.objects.exclude(status=MeasureStatus.REFERRED).values_list("pk", "sentence_date")
    Placement.objects.bulk_create(
        (
            Placement(
                measure_id=pk,
                post_id=rng.choice(post_ids),
                tasks="Tâches",
                schedule="Le samedi",
                decided_by=officer,
                decided_at=timezone.make_aware(
                    datetime.combine(
                        min(sentenced + timedelta(days=rng.randint(5, 90)), date.today()), datetime.min.time()
                    )
                ),
            )
            for pk, sentenced in placed
        ),
        batch_size=5_000,
    )
    return count


def _directorates() -> None:
    """A DISP and a DIR-PJJ per région (the real table is the agency's): every département in one
    of each, so that every post counts in two directorates."""
    from tig.territories.enums import DirectorateKind
    from tig.territories.models import Directorate, Region

    for region in Region.objects.all():
        for kind in DirectorateKind:
            directorate, _created = Directorate.objects.get_or_create(
                code=f"{kind.value}-{region.code}", defaults={"kind": kind, "name": f"{kind.label} {region.name}"}
            )
            directorate.departements.set(region.departements.all())


def measure(posts: int, existing: bool) -> dict:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from tig.accounts.enums import Role
    from tig.accounts.models import User
    from tig.stats import reach
    from tig.stats.indicators import chains
    from tig.stats.models import Snapshot
    from tig.stats.tasks import take_snapshot
    from tig.territories.models import Departement

    timings = {} if existing else prepare(posts)
    started = time.perf_counter()
    measures_made = _measures(MEASURES)
    timings["generate_measures_s"] = round(time.perf_counter() - started, 1)
    _directorates()
    start = time.perf_counter()
    reach.measure(chains())
    timings["reach_s"] = round(time.perf_counter() - start, 2)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        rows = take_snapshot.call()
        runs.append(time.perf_counter() - start)
    today = timezone.localdate()
    day_rows = list(Snapshot.objects.filter(day=today))
    Snapshot.objects.bulk_create(
        (
            Snapshot(
                day=today - timedelta(days=back),
                indicator=row.indicator,
                level=row.level,
                code=row.code,
                value=row.value,
            )
            for back in range(1, 365)
            for row in day_rows
        ),
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    admin = User.objects.create_user(
        "atigip-stats@exemple.test", "x", first_name="A", last_name="N", role=Role.NATIONAL_ADMIN
    )
    referent = User.objects.create_user(
        "ref-stats@exemple.test", "x", first_name="R", last_name="T", role=Role.REFERENT
    )
    referent.departements.set(Departement.objects.filter(code__in=["75", "93"]))
    pages = {}
    for name, user in (("France (ATIGIP)", admin), ("référent 75 et 93", referent)):
        client = Client()
        client.force_login(user)
        for _ in range(3):
            assert client.get("/statistiques/").status_code == 200
        queries = count_queries(lambda: client.get("/statistiques/"))  # noqa: B023 — called at once
        timings_ms = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get("/statistiques/")
            timings_ms.append((time.perf_counter() - start) * 1000)
        p50, p95 = summary(timings_ms)
        pages[name] = {"p50_ms": p50, "p95_ms": p95, "queries": queries}
    # The public dataset of the latest quarter, built on request, and the public page.
    public = {}
    for name, url in (
        ("jeu de données (CSV)", "/donnees/postes-tig-par-departement.csv"),
        ("page publique", "/donnees/"),
    ):
        client = Client()
        timings_ms, size = [], 0
        for _ in range(10):
            start = time.perf_counter()
            response = client.get(url)
            timings_ms.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
            size = len(response.content)
        p50, p95 = summary(timings_ms)
        public[name] = {"p50_ms": p50, "p95_ms": p95, "bytes": size}
    return {
        "measures": measures_made,
        "public": public,
        "snapshot_rows_per_day": rows,
        "snapshot_rows_total": Snapshot.objects.count(),
        "snapshot_s": [round(value, 2) for value in runs],
        "pages": pages,
        **timings,
    }


def main() -> None:
    if "--child" in sys.argv:
        child_main("stats", measure)
        return
    parser = argparse.ArgumentParser(description="Banc d'essai des statistiques.")
    parser.add_argument("--posts", type=int, default=POSTS)
    args = parser.parse_args()
    results = run("stats", args.posts)
    path = save(f"stats-{args.posts}", results)
    for result in results:
        print(
            f"{result['database']} : {result['posts']} postes, {result['measures']} mesures, relevé quotidien {result['snapshot_s']} s "
            f"({result['snapshot_rows_per_day']} valeurs, {result['snapshot_rows_total']} sur un an), "
            f"dont population à portée {result['reach_s']} s"
        )
        for name, figure in result["pages"].items():
            print(
                f"  statistiques {name:20s} p50 {figure['p50_ms']:7.1f} ms  p95 {figure['p95_ms']:7.1f} ms  {figure['queries']} requêtes"
            )
        for name, figure in result["public"].items():
            print(
                f"  {name:33s} p50 {figure['p50_ms']:7.1f} ms  p95 {figure['p95_ms']:7.1f} ms  {figure['bytes']} octets"
            )
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
