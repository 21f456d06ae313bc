"""Benchmark of the prospecting (issue 14), run by `make bench` (a measurement, not a test).

On a database of its own per engine (bench/common.py) with POSTS posts: the national register of
town halls and EPCI loaded (timed, then loaded again: an update); the coverage gaps of the whole
of France at 5, 15 and 50 km and with a filter, timed by the function; the coverage page of a
département (with its table by kind of work) as that département's referent, over DEPARTEMENTS
départements drawn at random, ROUNDS times; the pipeline list as a referent whose départements
hold at least 10,000 targets, with each filter, and as the agency (every target); « À relancer »
and the objectives' page as both; the weekly digest of every referent.
Results: bench/results/prospecting-<POSTS>.json.
"""

import argparse
import random
import sys
import time
from datetime import timedelta

from bench.common import SEED, child_main, prepare, run, save, summary

POSTS = 100_000
DEPARTEMENTS = 30
ROUNDS = 3
PIPELINE_TARGETS = 10_000


def measure(posts: int, existing: bool) -> dict:
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from tig.accounts.enums import Role
    from tig.accounts.models import User
    from tig.prospecting.coverage import Criteria, compute
    from tig.prospecting.enums import Stage
    from tig.prospecting.models import Target
    from tig.prospecting.register import load_reference
    from tig.territories.models import Departement

    timings = {} if existing else prepare(posts)
    started = time.perf_counter()
    loaded, _skipped = load_reference()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    load_reference()
    reload_s = time.perf_counter() - started

    france = {}
    for label, criteria in (
        ("5km", Criteria(5)),
        ("15km", Criteria(15)),
        ("50km", Criteria(50)),
        ("15km_mineurs", Criteria(15, minors=True)),
    ):
        started = time.perf_counter()
        result = compute(None, criteria)
        france[label] = {"s": round(time.perf_counter() - started, 2), "gaps": len(result.gaps)}

    rng = random.Random(SEED)
    codes = sorted(Departement.objects.values_list("code", flat=True))
    # Some targets worked: a stage, a next step (a third overdue), for the filters to find.
    today = timezone.localdate()
    worked = list(Target.objects.order_by("?").values_list("pk", flat=True)[:3000])
    for index, pk in enumerate(worked):
        Target.objects.filter(pk=pk).update(
            stage=[Stage.CONTACTED, Stage.MEETING, Stage.INTERESTED][index % 3],
            next_step="Rappeler",
            next_step_on=today + timedelta(days=(index % 30) - 10),
        )
    page_ms = []
    for code in rng.sample(codes, DEPARTEMENTS):
        user = User.objects.create_user(
            f"ref-{code}@banc.test", "x", first_name="R", last_name=code, role=Role.REFERENT
        )
        user.departements.set([code])
        client = Client()
        client.force_login(user)
        client.get(f"/prospection/zones-blanches/?territoire=d{code}")  # warm-up
        for _ in range(ROUNDS):
            started = time.perf_counter()
            response = client.get(f"/prospection/zones-blanches/?territoire=d{code}&distance=15")
            page_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    page_p50, page_p95 = summary(page_ms)

    # A referent whose départements hold at least 10,000 targets.
    counts = dict(Target.objects.order_by().values_list("departement_id").annotate(n=Count("id")))
    chosen, total = [], 0
    for code in sorted(counts, key=counts.get, reverse=True):
        chosen.append(code)
        total += counts[code]
        if total >= PIPELINE_TARGETS:
            break
    big = User.objects.create_user("ref-big@banc.test", "x", first_name="R", last_name="B", role=Role.REFERENT)
    big.departements.set(chosen)
    agency = User.objects.create_user("agence@banc.test", "x", first_name="A", last_name="N", role=Role.NATIONAL_ADMIN)
    pipeline = {}
    for who, user in (("referent", big), ("agence", agency)):
        client = Client()
        client.force_login(user)
        for label, query in (
            ("liste", ""),
            ("retard", "?suivi=retard"),
            ("etape", "?etape=meeting"),
            ("recherche", "?q=saint"),
            ("prochaine", "?suivi=en_cours&tri=prochaine"),
            ("page_10", "?page=10"),
        ):
            client.get(f"/prospection/{query}")
            timings_ms = []
            for _ in range(20):
                started = time.perf_counter()
                assert client.get(f"/prospection/{query}").status_code == 200
                timings_ms.append((time.perf_counter() - started) * 1000)
            p50, p95 = summary(timings_ms)
            pipeline[f"{who}_{label}"] = {"p50_ms": p50, "p95_ms": p95}

    # What to chase and the objectives (P9, P10), as the same referent and the agency, from a
    # snapshot of the statistics; then the weekly digest for every referent.
    from tig.notifications.reminders import run as send_reminders
    from tig.prospecting.enums import ObjectiveMetric
    from tig.prospecting.reminders import ReferentDigest
    from tig.prospecting.services import set_objective
    from tig.stats.tasks import take_snapshot

    take_snapshot.call()
    for code in chosen:
        set_objective(agency, year=today.year, metric=ObjectiveMetric.POSTS, target=500, departement_code=code)
        set_objective(agency, year=today.year, metric=ObjectiveMetric.DOMAINS, target=12, departement_code=code)
    set_objective(agency, year=today.year, metric=ObjectiveMetric.NEW_HOSTS, target=20, referent=big)
    followup = {}
    for who, user in (("referent", big), ("agence", agency)):
        client = Client()
        client.force_login(user)
        for label, url in (("a_relancer", "/prospection/a-relancer/"), ("objectifs", "/prospection/objectifs/")):
            client.get(url)
            timings_ms = []
            for _ in range(20):
                started = time.perf_counter()
                assert client.get(url).status_code == 200
                timings_ms.append((time.perf_counter() - started) * 1000)
            p50, p95 = summary(timings_ms)
            followup[f"{who}_{label}"] = {"p50_ms": p50, "p95_ms": p95}
    started = time.perf_counter()
    digests = send_reminders(ReferentDigest())
    digest_s = time.perf_counter() - started
    return {
        "targets_loaded": loaded,
        "load_reference_s": round(load_s, 1),
        "reload_reference_s": round(reload_s, 1),
        "coverage_france": france,
        "departement_page": {"p50_ms": page_p50, "p95_ms": page_p95, "requests": len(page_ms)},
        "pipeline_referent_targets": total,
        "pipeline": pipeline,
        "followup": followup,
        "weekly_digest": {
            "s": round(digest_s, 2),
            "sent": digests,
            "referents": User.objects.filter(role=Role.REFERENT).count(),
        },
        **timings,
    }


def main() -> None:
    if "--child" in sys.argv:
        child_main("prospecting", measure)
        return
    parser = argparse.ArgumentParser(description="Banc d'essai de la prospection.")
    parser.add_argument("--posts", type=int, default=POSTS)
    args = parser.parse_args()
    results = run("prospecting", args.posts)
    path = save(f"prospecting-{args.posts}", results)
    for result in results:
        worst = max(value["p95_ms"] for value in result["pipeline"].values())
        print(
            f"{result['database']} : {result['targets_loaded']} cibles chargées en {result['load_reference_s']} s ; "
            f"zones blanches de la France à 15 km {result['coverage_france']['15km']['s']} s ; page d'un département "
            f"p95 {result['departement_page']['p95_ms']:.0f} ms ; liste des cibles p95 au pire {worst:.0f} ms "
            f"({result['pipeline_referent_targets']} cibles pour le référent) ; « À relancer » et objectifs p95 au pire "
            f"{max(value['p95_ms'] for value in result['followup'].values()):.0f} ms ; résumé hebdomadaire de "
            f"{result['weekly_digest']['referents']} référents en {result['weekly_digest']['s']} s"
        )
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
