"""Benchmark of a collective worksite's enrolment and attendance sheet, run by `make bench`.

On a database of its own (SQLite, and PostgreSQL when DATABASE_URL names a server): for 6 and for
30 participants, a worksite with ROUNDS weekly sessions of that many places, as many measures of
one SPIP enrolled on the whole series by its director (one call, timed), then the sessions moved
into the past and each session's sheet read by the supervisor (timed, queries counted: they do not
grow with the participants, tests/collective) and filled at once, every person present (timed,
queries counted: about a dozen per person, in one transaction). Results go to
bench/results/collective.json."""

import argparse
import sys
import time

from bench.common import bench_measure, bench_officer, child_main, count_queries, run, save, summary

SIZES = (6, 30)
ROUNDS = 10


def measure(posts: int, existing: bool) -> dict:
    from datetime import time as clock
    from datetime import timedelta
    from decimal import Decimal

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from tig.accounts.enums import Role
    from tig.accounts.models import User
    from tig.collective import services
    from tig.collective.services import Line
    from tig.measures.models import Measure
    from tig.organisations.enums import LegalType, MembershipRole
    from tig.organisations.models import Membership, Organisation
    from tig.posts import services as posts_services
    from tig.posts.enums import ActivityDomain, PostStatus, Registration
    from tig.posts.models import Post, Session
    from tig.territories.models import Commune

    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    dijon = Commune.objects.get(code="21231")
    officer = bench_officer()
    director = User.objects.create_user(
        "directeur@banc.test", "x", first_name="D", last_name="S", role=Role.SPIP_DIRECTOR, service=officer.service
    )
    results = {}
    for size in SIZES:
        organisation = Organisation.objects.create(
            name=f"Ville du banc {size}",
            siret=f"2100000000{size:04d}",
            legal_type=LegalType.COLLECTIVITE,
            address="1 place",
            commune=dijon,
        )
        admin = User.objects.create_user(
            f"mairie{size}@banc.test", "x", first_name="M", last_name="A", role=Role.HOST_STAFF
        )
        Membership.objects.create(user=admin, organisation=organisation, role=MembershipRole.ADMIN)
        post = Post.objects.create(
            organisation=organisation,
            title=f"Chantier de {size}",
            domain=ActivityDomain.GREEN_SPACES,
            tasks="Débroussailler.",
            commune=dijon,
            lat=dijon.lat,
            lon=dijon.lon,
            places_offered=size,
            collective=True,
            status=PostStatus.ACTIVE,
            registration=Registration.REGISTERED,
            places_registered=size,
            host_habilitated=True,
            last_confirmed_at=timezone.now(),
        )
        monday = timezone.localdate()
        first = monday + timedelta(days=(5 - monday.weekday()) % 7 or 7)
        sessions = posts_services.add_sessions(
            admin, post, first, clock(8, 30), clock(14, 30), size, "Entrée", weeks=ROUNDS
        )
        today = timezone.localdate()
        people = []
        for n in range(size):
            person = bench_measure(
                n, service=officer.service, officer=officer, sentence_date=today, deadline=today + timedelta(days=540)
            )
            person.hours_ordered = 400  # ten sessions of six hours fit
            people.append(person)
        people = Measure.objects.bulk_create(people)
        began = time.perf_counter()
        services.enrol(director, sessions[0], people, whole_series=True, tasks="Débroussailler.")
        enrol_ms = (time.perf_counter() - began) * 1000
        # Into the past, each on its own Saturday (the services never make a past session).
        shift = timedelta(weeks=ROUNDS + 1)
        for session in Session.objects.filter(post=post):
            Session.objects.filter(pk=session.pk).update(
                starts_at=session.starts_at - shift, ends_at=session.ends_at - shift
            )
        client = Client()
        client.force_login(admin)
        reads, saves, read_queries, save_queries = [], [], 0, 0
        for session in Session.objects.filter(post=post).order_by("starts_at"):
            url = f"/chantiers/seances/{session.pk}/feuille/"
            assert client.get(url).status_code == 200  # warm-up
            began = time.perf_counter()
            assert client.get(url).status_code == 200
            reads.append((time.perf_counter() - began) * 1000)
            read_queries = count_queries(lambda client=client, url=url: client.get(url))
            lines = {line.pk: Line(present=True, hours=Decimal(6)) for line in services.sheet(session)}
            began = time.perf_counter()
            saved: list[int] = []

            def fill(admin=admin, session=session, lines=lines, saved=saved) -> None:
                saved.append(services.record_sheet(admin, session, lines))

            save_queries = count_queries(fill)
            saves.append((time.perf_counter() - began) * 1000)
            assert saved == [size]
        read_p50, read_p95 = summary(reads)
        save_p50, save_p95 = summary(saves)
        results[str(size)] = {
            "enrol_series_ms": round(enrol_ms, 1),
            "sheet_read_p50_ms": read_p50,
            "sheet_read_p95_ms": read_p95,
            "sheet_read_queries": read_queries,
            "sheet_save_p50_ms": save_p50,
            "sheet_save_p95_ms": save_p95,
            "sheet_save_queries": save_queries,
        }
    return {"sessions_per_worksite": ROUNDS, "participants": results}


def main() -> None:
    if "--child" in sys.argv:
        child_main("collective", measure)
        return
    argparse.ArgumentParser(description="Banc d'essai des chantiers collectifs.").parse_args()
    results = run("collective", 0)
    path = save("collective", results)
    for result in results:
        for size, figures in result["participants"].items():
            print(
                f"{result['database']} : {size} personnes — inscription sur {ROUNDS} séances "
                f"{figures['enrol_series_ms']:.0f} ms ; feuille lue p95 {figures['sheet_read_p95_ms']:.0f} ms "
                f"({figures['sheet_read_queries']} requêtes), enregistrée p95 {figures['sheet_save_p95_ms']:.0f} ms "
                f"({figures['sheet_save_queries']} requêtes)"
            )
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
