"""Benchmark of the list pages, run by `make bench` (a measurement, not a test).

On a database of its own per engine (bench/common.py) holding POSTS posts spread like the
population (`make bench POSTS=…`, 100,000 by default), with their 18,000 test organisations,
and around them what a busy platform holds: 20,000 measures of one SPIP, 10,000 of them
placed (a placement on a random post, a dozen hours each), the placements of the
organisation with the most posts followed by its administrator and its tutor, 2,000
notifications, the audit log of it all. Each list page is requested 30 times as its user
(p50, p95) and its queries counted; tests/core/test_list_pages.py checks that the count
does not grow with the data. Results: bench/results/pages-<POSTS>.json.
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from bench.common import bench_measure, bench_officer, child_main, count_queries, prepare, run, save, summary

POSTS = 100_000
MEASURES = 20_000
SERVICE_MEASURES = 4_000  # those of the bench's SPIP, the largest services' order of size
PLACED = 10_000
REQUESTS = 30


def populate() -> dict:
    """The people and the follow-up data around the generated posts; returns the users."""
    from django.db.models import Count
    from django.utils import timezone

    from tig.accounts.enums import MagistrateFunction, Role, ServiceKind
    from tig.accounts.models import Service, User
    from tig.measures.enums import MeasureStatus
    from tig.measures.models import Attendance, Measure, Placement
    from tig.notifications.enums import NotificationKind
    from tig.notifications.models import Notification
    from tig.organisations.enums import MembershipRole
    from tig.organisations.models import Membership, Organisation
    from tig.posts.models import Post
    from tig.territories.models import Commune, Departement

    rng = random.Random(7)
    officer = bench_officer()
    spip = officer.service
    director = User.objects.create_user(
        "dspip@exemple.test", "x", first_name="D", last_name="S", role=Role.SPIP_DIRECTOR, service=spip
    )
    other = Service.objects.create(
        kind=ServiceKind.SPIP, name="SPIP du Nord (banc d'essai)", departement=Departement.objects.get(code="59")
    )
    tribunal = Service.objects.create(
        kind=ServiceKind.TRIBUNAL, name="Tribunal du banc d'essai", departement=Departement.objects.get(code="21")
    )
    jap = User.objects.create_user(
        "jap@exemple.test",
        "x",
        first_name="J",
        last_name="A",
        role=Role.MAGISTRATE,
        magistrate_function=MagistrateFunction.JAP,
        service=tribunal,
    )
    admin = User.objects.create_user(
        "atigip@exemple.test", "x", first_name="A", last_name="N", role=Role.NATIONAL_ADMIN
    )
    referent = User.objects.create_user("ref@exemple.test", "x", first_name="R", last_name="T", role=Role.REFERENT)
    referent.departements.set(Departement.objects.filter(code__in=["75", "93"]))
    biggest = Organisation.objects.annotate(n=Count("posts")).order_by("-n", "pk").first()
    host_admin = User.objects.create_user("hote@exemple.test", "x", first_name="H", last_name="A", role=Role.HOST_STAFF)
    tutor = User.objects.create_user("tuteur@exemple.test", "x", first_name="T", last_name="U", role=Role.HOST_STAFF)
    Membership.objects.create(user=host_admin, organisation=biggest, role=MembershipRole.ADMIN)
    Membership.objects.create(user=tutor, organisation=biggest, role=MembershipRole.TUTOR)
    host_posts = list(biggest.posts.order_by("pk").values_list("pk", flat=True))
    for pk in host_posts[:20]:
        Post.tutors.through.objects.create(post_id=pk, user_id=tutor.pk)

    dijon = Commune.objects.get(code="21231")
    statuses = [MeasureStatus.REFERRED, MeasureStatus.IN_PROGRESS, MeasureStatus.COMPLETED]
    Measure.objects.bulk_create(
        (
            bench_measure(
                n,
                residence=dijon,
                sentence_date=date(2026, 1, 1),
                deadline=date(2027, 6, 1),
                service=spip if n < SERVICE_MEASURES else other,
                jap=jap if n % 4 == 0 and n < SERVICE_MEASURES else None,
                officer=officer if n < 120 else (director if n < SERVICE_MEASURES else None),
                status=statuses[n % 3] if n >= PLACED else MeasureStatus.IN_PROGRESS,
                closed_at=timezone.now() if n >= PLACED and n % 3 == 2 else None,
            )
            for n in range(MEASURES)
        ),
        batch_size=2_000,
    )
    measures = list(Measure.objects.order_by("pk").values_list("pk", flat=True)[:PLACED])
    posts = list(Post.objects.values_list("pk", flat=True))
    # A hundred and fifty of the placements are with the biggest organisation.
    targets = [
        host_posts[n % len(host_posts)] if n % (PLACED // 150) == 0 else rng.choice(posts) for n in range(PLACED)
    ]
    Placement.objects.bulk_create(
        (
            Placement(measure_id=pk, post_id=post, tasks="Tâches", schedule="Samedi matin", decided_by=director)
            for pk, post in zip(measures, targets, strict=True)
        ),
        batch_size=5_000,
    )
    Attendance.objects.bulk_create(
        (
            Attendance(
                placement_id=pk,
                worked_on=date(2026, 3, 1) + timedelta(weeks=week),
                hours=Decimal(4),
                recorded_by=tutor,
                validated_by=officer if week < 2 else None,
                validated_at=timezone.now() if week < 2 else None,
            )
            for pk in Placement.objects.values_list("pk", flat=True)
            for week in range(3)
        ),
        batch_size=10_000,
    )
    Notification.objects.bulk_create(
        Notification(user=officer, kind=NotificationKind.HOURS_RECORDED, title=f"Heures {n}", url="/")
        for n in range(2_000)
    )
    return {
        "admin": admin,
        "referent": referent,
        "officer": officer,
        "director": director,
        "jap": jap,
        "host_admin": host_admin,
        "tutor": tutor,
        "biggest": biggest,
    }


def measure(posts: int, existing: bool) -> dict:
    from django.db import connection
    from django.test import Client

    timings = {} if existing else prepare(posts)
    people = populate()
    # The statistics a running database keeps up to date (autovacuum), for the new tables too.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    biggest = people["biggest"]
    pages = [
        ("structures (ATIGIP)", "admin", "/structures/"),
        ("structures (ATIGIP), page 300", "admin", "/structures/?page=300"),
        ("structures (référent, 75 et 93)", "referent", "/structures/"),
        ("fiche de la plus grande structure", "admin", f"/structures/{biggest.pk}/"),
        ("personnes accueillies (administrateur)", "host_admin", "/mesures/accueil/"),
        ("personnes accueillies (tuteur)", "tutor", "/mesures/accueil/"),
        ("mesures du conseiller", "officer", "/mesures/"),
        ("vue du service (directeur)", "director", "/mesures/service/"),
        ("dossiers en attente (référent)", "referent", "/dossiers/"),
        ("tous les dossiers (ATIGIP)", "admin", "/dossiers/tous/"),
        ("notifications", "officer", "/notifications/"),
        ("journal des opérations", "admin", "/journal/"),
        ("invitations", "admin", "/invitations/"),
        ("recherche : Paris entier", "officer", "/postes/?departement=75"),
        ("recherche : Paris 100 km, par places libres", "officer", "/postes/?lieu=75056&rayon=100&tri=places"),
        *(
            (f"accueil ({who})", who, "/")
            for who in ("admin", "referent", "officer", "director", "jap", "host_admin", "tutor")
        ),
    ]
    figures = {}
    for name, who, url in pages:
        client = Client()
        client.force_login(people[who])
        for _ in range(3):
            assert client.get(url).status_code == 200, (name, url)
        queries = count_queries(lambda: client.get(url))  # noqa: B023 — called at once
        timings_ms = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            client.get(url)
            timings_ms.append((time.perf_counter() - start) * 1000)
        p50, p95 = summary(timings_ms)
        figures[name] = {"url": url, "p50_ms": p50, "p95_ms": p95, "queries": queries}
    # The hearing-ready lists of the largest search: 100 km around Paris.
    exports = {}
    client = Client()
    client.force_login(people["officer"])
    for name, url in (
        ("tableur (XLSX)", "/postes/export.xlsx?lieu=75056&rayon=100"),
        ("PDF", "/postes/export.pdf?lieu=75056&rayon=100"),
        ("liste à imprimer", "/postes/imprimer/?lieu=75056&rayon=100"),
    ):
        sizes, timings_ms = [], []
        for _ in range(5):
            start = time.perf_counter()
            response = client.get(url)
            timings_ms.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (name, url)
            sizes.append(len(response.content))
        p50, p95 = summary(timings_ms)
        exports[name] = {"url": url, "p50_ms": p50, "p95_ms": p95, "bytes": sizes[-1]}
    return {
        "measures": MEASURES,
        "placements": PLACED,
        "exports_paris_100km": exports,
        "biggest_organisation_posts": biggest.posts.count(),
        "pages": figures,
        **timings,
    }


def main() -> None:
    if "--child" in sys.argv:
        child_main("pages", measure)
        return
    parser = argparse.ArgumentParser(description="Banc d'essai des pages de liste.")
    parser.add_argument("--posts", type=int, default=POSTS)
    args = parser.parse_args()
    results = run("pages", args.posts)
    path = save(f"pages-{args.posts}", results)
    for result in results:
        print(f"{result['database']} : {result['posts']} postes, {result['measures']} mesures")
        for name, figure in result["pages"].items():
            print(
                f"  {name:42s} p50 {figure['p50_ms']:7.1f} ms  p95 {figure['p95_ms']:7.1f} ms  {figure['queries']} requêtes"
            )
        for name, figure in result["exports_paris_100km"].items():
            print(
                f"  export {name:35s} p50 {figure['p50_ms']:7.1f} ms  p95 {figure['p95_ms']:7.1f} ms  {figure['bytes']} octets"
            )
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
