"""Benchmark of the public API's search, run by `make bench` (a measurement, not a test).

On a database of its own per engine (bench/common.py) with POSTS posts: SEARCHES searches
around communes drawn uniformly (30 km, the filters of bench/search.py), each timed ROUNDS
times through the search function itself and through GET /api/v1/postes/ with a key,
alternately, so that both see the same machine load; the ratio of their p95 is the API's cost
(the issue asks for at most 1.25). The API is timed twice: with the requests counted for the
limit by batches (API_RATE_BATCH, as deployed) and with every request written (batch of 1). Also a département's first page, and the anonymous
statistics. Results: bench/results/api-<POSTS>.json.
"""

import argparse
import random
import sys
import time
from urllib.parse import urlencode

from bench.common import SEED, bench_officer, child_main, prepare, run, save, summary
from bench.search import FILTERS, RADIUS_KM

POSTS = 100_000
SEARCHES = 200
ROUNDS = 3


def measure(posts: int, existing: bool) -> dict:
    from django.conf import settings
    from django.http import QueryDict
    from django.test import Client

    from tig.api.services import create_key
    from tig.posts.forms import SearchForm
    from tig.posts.search import search
    from tig.stats.tasks import take_snapshot
    from tig.territories.models import Commune

    timings = {} if existing else prepare(posts)
    # The limit counts every request (its cost is measured) but must not refuse the benchmark's.
    settings.API_RATE_WITH_KEY = settings.API_RATE_ANONYMOUS = 10**9
    officer = bench_officer()
    _token, key = create_key(officer, "banc d'essai", 30)
    client = Client(headers={"Authorization": f"Bearer {key}"})
    rng = random.Random(SEED)
    communes = list(
        Commune.objects.filter(lat__isnull=False, population__gt=0).exclude(kind="arrondissement").order_by("code")
    )
    queries = [
        {"lieu": c.label, "rayon": str(RADIUS_KM), **rng.choice(FILTERS)} for c in rng.sample(communes, SEARCHES)
    ]

    def criteria_of(params):
        form = SearchForm(QueryDict(urlencode(params, doseq=True)))
        assert form.is_valid(), form.errors
        return form.criteria()

    for params in queries[:20]:  # warm-up
        search(officer, criteria_of(params))
        client.get("/api/v1/postes/", params)
    batch = settings.API_RATE_BATCH
    function_ms, api_ms, exact_ms = [], [], []
    for _ in range(ROUNDS):
        for params in queries:
            # The function is given what the API parses (the form), so both do the same work.
            start = time.perf_counter()
            search(officer, criteria_of(params))
            function_ms.append((time.perf_counter() - start) * 1000)
            for rate_batch, timings_ms in ((batch, api_ms), (1, exact_ms)):
                # As configured, and with every request written to the count (API_RATE_BATCH = 1).
                settings.API_RATE_BATCH = rate_batch
                start = time.perf_counter()
                response = client.get("/api/v1/postes/", params)
                timings_ms.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.content
    settings.API_RATE_BATCH = batch
    function_p50, function_p95 = summary(function_ms)
    api_p50, api_p95 = summary(api_ms)
    exact_p50, exact_p95 = summary(exact_ms)
    take_snapshot.call()
    anonymous = Client()
    statistics_ms = []
    for _ in range(20):
        start = time.perf_counter()
        assert anonymous.get("/api/v1/statistiques/").status_code == 200
        statistics_ms.append((time.perf_counter() - start) * 1000)
    statistics_p50, statistics_p95 = summary(statistics_ms)
    return {
        "searches": SEARCHES,
        "rounds": ROUNDS,
        "function": {"p50_ms": function_p50, "p95_ms": function_p95},
        "api": {"p50_ms": api_p50, "p95_ms": api_p95},
        "ratio_p95": round(api_p95 / function_p95, 3),
        "ratio_p50": round(api_p50 / function_p50, 3),
        "rate_batch": batch,
        "api_every_request_written": {
            "p50_ms": exact_p50,
            "p95_ms": exact_p95,
            "ratio_p95": round(exact_p95 / function_p95, 3),
        },
        "statistics": {"p50_ms": statistics_p50, "p95_ms": statistics_p95},
        **timings,
    }


def main() -> None:
    if "--child" in sys.argv:
        child_main("api", measure)
        return
    parser = argparse.ArgumentParser(description="Banc d'essai de l'API.")
    parser.add_argument("--posts", type=int, default=POSTS)
    args = parser.parse_args()
    results = run("api", args.posts)
    path = save(f"api-{args.posts}", results)
    for result in results:
        print(
            f"{result['database']} : {result['posts']} postes, recherche par la fonction p50 "
            f"{result['function']['p50_ms']:.1f} ms p95 {result['function']['p95_ms']:.1f} ms ; par l'API p50 "
            f"{result['api']['p50_ms']:.1f} ms p95 {result['api']['p95_ms']:.1f} ms (rapport des p95 "
            f"{result['ratio_p95']} ; {result['api_every_request_written']['ratio_p95']} si chaque requête est écrite "
            f"dans le compte du débit) ; statistiques sans clé p95 {result['statistics']['p95_ms']:.1f} ms"
        )
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
