"""Benchmark of the training's follow-up, run by `make bench`.

On a database of its own (SQLite, and PostgreSQL when DATABASE_URL names a server): the starter
course, 5,000 tutors in 500 host organisations of one département — 40 % through the course
(every lesson, every quiz, an attestation), 30 % started (two lessons), 30 % not started, every
one invited — and the referent of that département. The referent's follow-up page is timed, its
first page and its filters, ROUNDS times each. Target (issue 15): p95 ≤ 150 ms. The number of
queries of the page is counted too (it does not grow with the learners: tests/training).
Results go to bench/results/training.json."""

import argparse
import sys
import time

from bench.common import child_main, count_queries, run, save, summary

LEARNERS = 5_000
ORGANISATIONS = 500
ROUNDS = 30
PAGES = {
    "première page": "",
    "terminée": "?etat=terminee",
    "en cours": "?etat=en-cours",
    "pas commencée": "?etat=pas-commencee",
    "recherche d'un nom": "?q=Tuteur0421",
    "dernière page": "?page=100",
}


def measure(posts: int, existing: bool) -> dict:
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from tig.accounts.enums import Role
    from tig.accounts.models import User
    from tig.organisations.enums import LegalType, MembershipRole
    from tig.organisations.models import Membership, Organisation
    from tig.posts.generation import luhn_siret
    from tig.territories.models import Commune
    from tig.training import learning, progress, starter
    from tig.training.models import Completion, Invitation, LessonDone, QuizAttempt

    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    version = starter.load()
    rng = random.Random(15)
    communes = list(Commune.objects.filter(departement_id="21").values_list("pk", flat=True))
    started = time.perf_counter()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Structure {n:03d}",
            siret=luhn_siret(rng),
            legal_type=LegalType.COLLECTIVITE,
            address="1 place",
            commune_id=rng.choice(communes),
        )
        for n in range(ORGANISATIONS)
    )
    users = User.objects.bulk_create(
        (
            User(
                email=f"tuteur{n:04d}@banc.test", first_name="Prénom", last_name=f"Tuteur{n:04d}", role=Role.HOST_STAFF
            )
            for n in range(LEARNERS)
        ),
        batch_size=1_000,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=user, organisation=organisations[n % ORGANISATIONS], role=MembershipRole.TUTOR)
            for n, user in enumerate(users)
        ),
        batch_size=2_000,
    )
    Invitation.objects.bulk_create((Invitation(user=user, course=version.course) for user in users), batch_size=2_000)
    modules = learning.modules(version)
    lessons = [lesson for module in modules for lesson in module.lessons.all()]
    done, attempts, completions = [], [], []
    for n, user in enumerate(users):
        share = n % 10
        if share < 4:  # through the course
            done += [LessonDone(user=user, lesson=lesson) for lesson in lessons]
            attempts += [QuizAttempt(user=user, module=module, score=100, passed=True) for module in modules]
            completions.append(Completion(user=user, version=version, completed_at=timezone.now()))
        elif share < 7:  # started
            done += [LessonDone(user=user, lesson=lesson) for lesson in lessons[:2]]
    LessonDone.objects.bulk_create(done, batch_size=5_000)
    QuizAttempt.objects.bulk_create(attempts, batch_size=5_000)
    Completion.objects.bulk_create(completions, batch_size=2_000)
    load_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    referent = User.objects.create_user("ref@banc.test", "x", first_name="R", last_name="E", role=Role.REFERENT)
    referent.departements.set(["21"])
    client = Client()
    client.force_login(referent)
    pages = {}
    for label, query in PAGES.items():
        url = f"/formation/suivi/{query}"
        assert client.get(url).status_code == 200  # warm-up
        timings = []
        for _ in range(ROUNDS):
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        p50, p95 = summary(timings)
        pages[label] = {"p50_ms": p50, "p95_ms": p95, "queries": count_queries(lambda url=url: client.get(url))}
    assert progress.summary(progress.learners(progress.scope_of(referent), version.course)) == {
        "total": LEARNERS,
        "completed": LEARNERS * 4 // 10,
        "started": LEARNERS * 3 // 10,
    }
    return {"learners": LEARNERS, "organisations": ORGANISATIONS, "load_s": round(load_s, 1), "follow_up": pages}


def main() -> None:
    if "--child" in sys.argv:
        child_main("training", measure)
        return
    argparse.ArgumentParser(description="Banc d'essai du suivi de la formation.").parse_args()
    results = run("training", 0)
    path = save("training", results)
    for result in results:
        worst = max(page["p95_ms"] for page in result["follow_up"].values())
        print(
            f"{result['database']} : suivi de la formation de {result['learners']} tuteurs par leur référent, "
            f"p95 au pire {worst:.0f} ms (objectif 150 ms)"
        )
    print(f"→ {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
