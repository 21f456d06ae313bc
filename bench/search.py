"""Benchmark of the search, run by `make bench` (a measurement, not a test).

For each database — SQLite always, PostgreSQL too when DATABASE_URL names a PostgreSQL
server — a child process builds a database of its own (migrations, the reference
geography, POSTS posts spread like the population: `make bench POSTS=1000000`), then
measures, through the same code as the site:

- 200 random searches (a commune drawn at random, 30 km, one random filter, the first page
  of 20 and the total count) with `tig.posts.search.search`, the function of the view, each
  timed 5 times (percentiles over the 1,000 timings);
- the same searches as whole HTML pages through Django's test client (middleware,
  session, template rendering);
- the same two measures for 200 communes drawn in proportion to their population (searches
  where people live: around Paris, a 30 km circle holds some 15 % of all posts);
- every département's whole list (first page, 3 times each) and the map data of the
  département that has the most posts;
- 200 commune autocompletions through their HTTP endpoint;
- the map's data for a 100 km search around Paris, its size raw and gzipped;
- the search page's throughput under gunicorn, against the trivial view's (bench/throughput.py).

Results go to bench/results/search-<POSTS>.json: one object per database. The PostgreSQL
database is created for the run and dropped after. `--existing` measures the environment's
database as it is (built once with `manage.py generate_posts`).
"""

import argparse
import json
import random
import statistics
import sys
import time
from urllib.parse import urlencode

from bench.common import SEED, bench_officer, child_main, count_queries, prepare, run, save, summary

POSTS = 100_000
SEARCHES = 200
# Each search is timed ROUNDS times: the percentiles are those of all the timings, so that
# one slow moment of the machine does not make the p95 of a run.
ROUNDS = 5
RADIUS_KM = 30

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


def measure(posts: int, existing: bool) -> dict:
    from django.http import QueryDict
    from django.test import Client

    from bench import throughput
    from tig.posts.forms import SearchForm
    from tig.posts.map import map_data
    from tig.posts.search import Criteria, search
    from tig.territories.enums import Zone
    from tig.territories.models import Commune, Departement

    timings = {} if existing else prepare(posts)
    officer = bench_officer()
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
        measures[draw] = {"query_ms": query_ms, "page_ms": page_ms, "totals": totals, "queries": queries}

    first = measures["uniform"]["queries"][0]
    search_queries = count_queries(lambda: search(officer, criteria_of(first)))
    page_queries = count_queries(lambda: client.get("/postes/", first))

    # Whole départements: every one, its first page, as the list shows it.
    departements = list(Departement.objects.exclude(zone=Zone.COM))
    for departement in departements[:10]:
        client.get("/postes/", {"departement": departement.code})
    departement_ms = []
    for _ in range(3):
        for departement in departements:
            start = time.perf_counter()
            response = client.get("/postes/", {"departement": departement.code})
            departement_ms.append(((time.perf_counter() - start) * 1000, departement.code))
            assert response.status_code == 200
    largest = max(departements, key=lambda d: search(officer, Criteria(departement=d)).total)
    largest_total = search(officer, Criteria(departement=largest)).total
    map_data(officer, Criteria(departement=largest))
    start = time.perf_counter()
    largest_map = map_data(officer, Criteria(departement=largest))
    largest_map_ms = (time.perf_counter() - start) * 1000

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
    map_json = json.loads(raw.content)
    start = time.perf_counter()
    client.get("/postes/carte.json", paris, headers={"Accept-Encoding": "gzip"})
    map_ms = (time.perf_counter() - start) * 1000

    paths = ["/postes/?" + urlencode(params) for params in measures["uniform"]["queries"]]
    served = throughput.measure(paths, officer)

    query_p50, query_p95 = summary(measures["uniform"]["query_ms"])
    page_p50, page_p95 = summary(measures["uniform"]["page_ms"])
    weighted_p50, weighted_p95 = summary(measures["weighted"]["query_ms"])
    weighted_page_p50, weighted_page_p95 = summary(measures["weighted"]["page_ms"])
    departement_p50, departement_p95 = summary([ms for ms, _code in departement_ms])
    slowest_ms, slowest_code = max(departement_ms)
    auto_p50, auto_p95 = summary(autocomplete_ms)
    return {
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
        "departement_page_p50_ms": departement_p50,
        "departement_page_p95_ms": departement_p95,
        "departement_page_max_ms": round(slowest_ms, 1),
        "departement_page_max_code": slowest_code,
        "departement_largest": largest.code,
        "departement_largest_posts": largest_total,
        "departement_largest_map_ms": round(largest_map_ms, 1),
        "departement_largest_map_points": len(largest_map["points"]),
        "autocomplete_p50_ms": auto_p50,
        "autocomplete_p95_ms": auto_p95,
        "map_paris_100km_total_posts": map_json["total"],
        "map_paris_100km_points": len(map_json["points"]),
        "map_paris_100km_bytes_raw": len(raw.content),
        "map_paris_100km_bytes_gzip": len(gzipped.content),
        "map_paris_100km_ms": round(map_ms, 1),
        **served,
        **timings,
    }


def main() -> None:
    if "--child" in sys.argv:
        child_main("search", measure)
        return
    parser = argparse.ArgumentParser(description="Banc d'essai de la recherche de postes.")
    parser.add_argument("--posts", type=int, default=POSTS)
    parser.add_argument("--existing", action="store_true", help="mesurer la base de l'environnement telle quelle")
    args = parser.parse_args()
    results = run("search", args.posts, args.existing)
    path = save(f"search-{args.posts}", results)
    for result in results:
        print(
            f"{result['database']:>10} : {result['posts']} postes, recherche p50 {result['p50_ms']} ms / p95 {result['p95_ms']} ms "
            f"({result['queries']} requêtes), page p50 {result['page_p50_ms']} ms / p95 {result['page_p95_ms']} ms ; "
            f"pondéré par la population : recherche p95 {result['weighted_p95_ms']} ms, page p95 {result['weighted_page_p95_ms']} ms ; "
            f"département entier p95 {result['departement_page_p95_ms']} ms (max {result['departement_page_max_ms']} ms) ; "
            f"débit sous gunicorn {result.get('throughput_ratio', '—')} × /sante/ ; "
            f"autocomplétion p95 {result['autocomplete_p95_ms']} ms, carte Paris 100 km {result['map_paris_100km_bytes_gzip']} octets gzip"
        )
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
