from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import ServiceFactory, national_admin, probation_officer
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.territories.factories import departement
from tig.measures.enums import MeasureStatus
from tig.measures.models import Attendance
from tig.stats import measures
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.models import Snapshot
from tig.stats.tasks import take_snapshot

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 4)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def value(indicator, level, code):
    return Snapshot.objects.get(day=DAY, indicator=indicator.code, level=level, code=code).value


@pytest.fixture
def services():
    return {code: ServiceFactory(departement=departement(code)) for code in ("21", "71")}


def test_the_measures_counts_per_territory(services):
    dijon, macon = services["21"], services["71"]
    MeasureFactory.create_batch(2, service=dijon)  # to assign
    assigned = PlacementFactory(
        measure__service=dijon,
        measure__officer=probation_officer("21"),
        measure__status=MeasureStatus.IN_PROGRESS,
        measure__sentence_date=date(2026, 9, 1),
    )
    assigned.decided_at = at(date(2026, 9, 21))  # 20 days after the sentence
    assigned.save()
    Attendance.objects.create(
        placement=assigned,
        worked_on=date(2026, 11, 2),
        hours=Decimal("3.5"),
        recorded_by=assigned.decided_by,
        validated_by=assigned.decided_by,
        validated_at=at(date(2026, 11, 3)),
    )
    Attendance.objects.create(  # not validated: not counted
        placement=assigned, worked_on=date(2026, 11, 9), hours=3, recorded_by=assigned.decided_by
    )
    later = PlacementFactory(
        measure__service=macon,
        measure__officer=probation_officer("71"),
        measure__status=MeasureStatus.COMPLETED,
        measure__sentence_date=date(2026, 6, 1),
    )
    later.decided_at = at(date(2026, 7, 1))  # 30 days
    later.save()
    later.measure.status = MeasureStatus.COMPLETED
    later.measure.closed_at = at(date(2026, 11, 30))
    later.measure.save()
    MeasureFactory(service=macon, status=MeasureStatus.FAILED, closed_at=at(date(2026, 10, 1)))
    MeasureFactory(service=macon, status=MeasureStatus.FAILED, closed_at=at(date(2025, 10, 1)))  # over a year ago

    departement("59")
    take_snapshot.call(day=DAY.isoformat())

    assert value(measures.TO_ASSIGN, Level.DEPARTEMENT, "21") == 2
    assert value(measures.ONGOING, Level.DEPARTEMENT, "21") == 1
    assert value(measures.HOURS_DONE, Level.DEPARTEMENT, "21") == Decimal("3.5")
    assert value(measures.ASSIGNMENTS, Level.NATIONAL, NATIONAL_CODE) == 2
    assert value(measures.COMPLETED, Level.DEPARTEMENT, "71") == 1
    assert value(measures.FAILED, Level.DEPARTEMENT, "71") == 1
    assert value(measures.COMPLETION_RATE, Level.DEPARTEMENT, "71") == Decimal("50.0")
    assert value(measures.DAYS_TO_ASSIGNMENT, Level.NATIONAL, NATIONAL_CODE) == 25  # median of 20 and 30
    assert value(measures.DAYS_TO_ASSIGNMENT, Level.DEPARTEMENT, "21") == 20
    assert value(measures.TO_ASSIGN, Level.DEPARTEMENT, "59") == 0  # every territory has its zero


def test_without_the_measures_module_no_measures_indicator(settings, services):
    settings.MEASURES_ENABLED = False
    MeasureFactory(service=services["21"])
    take_snapshot.call(day=DAY.isoformat())
    assert not Snapshot.objects.filter(indicator=measures.TO_ASSIGN.code).exists()


def test_the_public_page_keeps_small_counts_secret(services, client_for):
    MeasureFactory.create_batch(3, service=services["21"])  # 3: secret
    MeasureFactory.create_batch(12, service=services["71"])  # 12 alone would give the 3 back from France's 15
    take_snapshot.call()

    page = Client().get("/donnees/")
    rows = {row[0]: row[1:] for row in page.context["measures_rows"]}
    assert rows["Côte-d'Or (21)"][0] == "secret"
    assert rows["Saône-et-Loire (71)"][0] == "secret"
    assert rows["France"][0] == "15"
    # The API gives the same, secret as null, also when one département is asked for.
    api = Client().get("/api/v1/statistiques/").json()["territoires"]
    by_code = {row["code"]: row["mesures"]["measures_to_assign"] for row in api}
    assert (by_code["FR"], by_code["21"], by_code["71"]) == (15, None, None)
    alone = Client().get("/api/v1/statistiques/", {"departement": "71"}).json()["territoires"]
    assert alone[0]["mesures"]["measures_to_assign"] is None
    # Inside, for the agency: the counts themselves.
    inside = client_for(national_admin()).get("/statistiques/")
    table = next(table for table in inside.context["tables"] if table.anchor == "mesures")
    france = dict(zip(table.header, table.rows[0], strict=True))
    assert france["Mesures à affecter"] == "15"


def test_the_median_delay_of_the_files_decided_within_the_year(client_for):
    from tests.habilitations.factories import DossierFactory
    from tig.habilitations.enums import DossierKind, DossierStatus
    from tig.habilitations.models import Dossier
    from tig.stats import files

    for filed, decided, kind in (
        (date(2026, 9, 1), date(2026, 10, 1), DossierKind.HABILITATION),  # 30 days
        (date(2026, 9, 1), date(2026, 11, 10), DossierKind.HABILITATION),  # 70 days
        (date(2025, 1, 1), date(2025, 3, 1), DossierKind.HABILITATION),  # decided over a year ago
        (date(2026, 11, 1), date(2026, 11, 13), DossierKind.REGISTRATION),  # 12 days
    ):
        DossierFactory(kind=kind, status=DossierStatus.GRANTED, submitted_at=at(filed), decided_at=at(decided))
    DossierFactory(status=DossierStatus.SUBMITTED, submitted_at=at(date(2026, 11, 1)))  # not decided

    take_snapshot.call(day=DAY.isoformat())

    code = Dossier.objects.values_list("departement_id", flat=True).distinct().get()
    assert value(files.HABILITATION_DELAY, Level.DEPARTEMENT, code) == 50
    assert value(files.REGISTRATION_DELAY, Level.NATIONAL, NATIONAL_CODE) == 12


def test_the_past_quarters_are_backfilled_from_dated_events_only(services, client_for):
    from django.core.management import CommandError, call_command

    from tests.habilitations.factories import DossierFactory
    from tig.habilitations.enums import DossierKind, DossierStatus
    from tig.stats import opendata
    from tig.stats.backfill import backfill

    with pytest.raises(CommandError, match="Aucun relevé encore"):
        call_command("backfill_stats", "--depuis", "2026-01-01")
    for closed in (date(2026, 2, 10), date(2026, 5, 20), date(2026, 5, 21)):
        MeasureFactory(service=services["21"], status=MeasureStatus.COMPLETED, closed_at=at(closed))
    MeasureFactory(service=services["21"], status=MeasureStatus.FAILED, closed_at=at(date(2026, 8, 1)))
    DossierFactory(
        kind=DossierKind.HABILITATION,
        status=DossierStatus.GRANTED,
        submitted_at=at(date(2026, 1, 5)),
        decided_at=at(date(2026, 2, 4)),
    )
    take_snapshot.call(day=DAY.isoformat())
    recorded = Snapshot.objects.filter(day=DAY).count()

    assert backfill(date(2026, 1, 1)) == [date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30)]

    def past(indicator, day):
        return Snapshot.objects.get(day=day, indicator=indicator.code, level=Level.DEPARTEMENT, code="21").value

    assert past(measures.COMPLETED, date(2026, 3, 31)) == 1  # closed by then: the one of February
    assert past(measures.COMPLETED, date(2026, 6, 30)) == 3
    assert past(measures.FAILED, date(2026, 6, 30)) == 0 and past(measures.FAILED, date(2026, 9, 30)) == 1
    assert past(measures.COMPLETION_RATE, date(2026, 9, 30)) == 75
    # No stock: today's measures in progress or posts would be passed off as the past's.
    backfilled = Snapshot.objects.filter(day__lt=DAY)
    assert not backfilled.filter(indicator__in=["posts", "places", measures.TO_ASSIGN.code]).exists()
    assert Snapshot.objects.filter(day=DAY).count() == recorded  # the snapshot's day untouched
    assert backfill(date(2026, 1, 1)) == []  # once
    assert [quarter.label for quarter in opendata.quarters()] == ["2026-T4"]  # the open data: posts only
    page = client_for(national_admin()).get("/statistiques/")
    activity = {row[0]: row[1:] for row in next(t for t in page.context["tables"] if t.anchor == "activite").rows}
    assert activity["T1 2026"][2] == "1"  # its completed measures
