"""Benchmark of the anonymisation of closed measures, run by `make bench`.

On a SQLite database of its own (a temporary file), 100,000 measures closed more than
MEASURES_RETENTION_YEARS ago are created, each with its placement and its attendance
sheet (a dozen days), 15 % of them with an incident and its report (85 % of TIGs run
without one), then `anonymise_closed_measures` — the task the
scheduler runs every day — is timed. Target (issue 4): under a minute. Results go to
bench/results/measures.json.
"""

import json
import os
import platform
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.common import bench_measure

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "measures.json"
MEASURES = 100_000
DAYS = 12


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(SQLITE_PATH=str(Path(tmp) / "bench.sqlite3"), TIG_ENV="development", DEBUG="false")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        result = measure()
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"anonymisation : {result['anonymised']} mesures en {result['anonymise_s']} s "
        f"({result['database']}) → {RESULTS.relative_to(ROOT)}"
    )


def measure() -> dict:
    import random
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tig.accounts.enums import Role, ServiceKind
    from tig.accounts.models import Service, User
    from tig.measures.enums import HostAction, IncidentKind, MeasureStatus
    from tig.measures.models import Attendance, Incident, Measure, Placement
    from tig.measures.tasks import anonymise_closed_measures
    from tig.organisations.enums import LegalType
    from tig.organisations.models import Organisation
    from tig.posts.generation import luhn_siret, random_post
    from tig.territories.models import Commune, Departement

    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    spip = Service.objects.create(
        kind=ServiceKind.SPIP, name="SPIP du banc d'essai", departement=Departement.objects.get(code="21")
    )
    dijon = Commune.objects.get(code="21231")
    rng = random.Random(4)
    officer = User.objects.create(email="cpip@banc.test", role=Role.PROBATION_OFFICER, service=spip)
    organisation = Organisation.objects.create(
        name="Ville du banc d'essai",
        siret=luhn_siret(rng),
        legal_type=LegalType.COLLECTIVITE,
        address="1 place",
        commune=dijon,
    )
    post = random_post(rng).build(organisation_id=organisation.pk, commune_id=dijon.pk, lat=dijon.lat, lon=dijon.lon)
    post.save()
    closed_at = timezone.now() - timedelta(days=6 * 366)
    started = time.perf_counter()
    Measure.objects.bulk_create(
        (
            bench_measure(
                n,
                residence=dijon,
                sentence_date=date(2018, 1, 1),
                deadline=date(2019, 6, 1),
                service=spip,
                status=MeasureStatus.COMPLETED,
                closed_at=closed_at,
            )
            for n in range(MEASURES)
        ),
        batch_size=2_000,
    )
    ids = list(Measure.objects.values_list("pk", flat=True))
    Placement.objects.bulk_create(
        (
            Placement(
                measure_id=pk, post=post, tasks="Tâches", schedule="Samedi", decided_by=officer, ended_at=closed_at
            )
            for pk in ids
        ),
        batch_size=5_000,
    )
    placements = list(Placement.objects.values_list("pk", flat=True))
    Attendance.objects.bulk_create(
        (
            Attendance(
                placement_id=pk,
                worked_on=date(2018, 2, 1) + timedelta(weeks=day),
                hours=Decimal(4),
                recorded_by=officer,
                validated_by=officer,
                validated_at=closed_at,
            )
            for pk in placements
            for day in range(DAYS)
        ),
        batch_size=10_000,
    )
    Incident.objects.bulk_create(
        (
            Incident(
                placement_id=pk,
                kind=IncidentKind.ABSENCE,
                occurred_on=date(2018, 3, 3),
                description="Absent sans prévenir le samedi 3 mars.",
                host_action=HostAction.NONE,
                reported_by=officer,
                report="Rappel des obligations lors de l'entretien suivant.",
            )
            for pk in placements[: len(placements) * 15 // 100]
        ),
        batch_size=5_000,
    )
    created_s = time.perf_counter() - started
    started = time.perf_counter()
    anonymised = anonymise_closed_measures.call()
    anonymise_s = time.perf_counter() - started
    assert anonymised == MEASURES and not Measure.objects.filter(anonymised_at__isnull=True).exists()
    assert not Incident.objects.exclude(description="").exists()
    return {
        "database": connection.vendor,
        "measures": MEASURES,
        "attendances": Attendance.objects.count(),
        "incidents": Incident.objects.count(),
        "anonymised": anonymised,
        "anonymise_s": round(anonymise_s, 2),
        "create_s": round(created_s, 2),
    }


if __name__ == "__main__":
    main()
