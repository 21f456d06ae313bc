"""The indicators, their daily snapshot and the statistics page, scoped like everything else."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import time_machine

from tests.accounts.factories import (
    host_member,
    lawyer,
    magistrate,
    national_admin,
    probation_officer,
    referent,
    spip_director,
)
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction
from tig.posts.enums import PostStatus
from tig.posts.models import Post
from tig.stats import perms
from tig.stats.enums import Level
from tig.stats.indicators import measure
from tig.stats.models import Snapshot
from tig.stats.tasks import take_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts():
    dijon, beaune, lille = commune("dijon"), commune("beaune"), commune("lille")
    town = OrganisationFactory(commune=dijon)
    PostFactory(organisation=town, places_offered=3, places_taken=1, minors_allowed=True)
    PostFactory(organisation=town, places_offered=2, schedule={"sat": {"start": "09:00", "end": "12:00"}})
    PostFactory(organisation=OrganisationFactory(commune=beaune), places_offered=1, pmr_accessible=True)
    PostFactory(organisation=OrganisationFactory(commune=lille), places_offered=4)
    PostFactory(organisation=town, places_offered=9, status=PostStatus.DRAFT)  # not offered: not counted
    return town


def test_the_indicators_count_the_posts_offered_that_day(posts):
    values = measure()
    cote_dor = values[(Level.DEPARTEMENT, "21")]
    assert cote_dor["posts"] == 3 and cote_dor["places"] == 6 and cote_dor["free_places"] == 5
    assert cote_dor["hosts"] == 2 and cote_dor["posts_minors"] == 1
    assert cote_dor["posts_weekend"] == 1 and cote_dor["posts_accessible"] == 1
    france = values[(Level.NATIONAL, "FR")]
    assert france["posts"] == 4 and france["places"] == 10 and france["hosts"] == 3
    # Per 10,000 inhabitants: the places over the population of the département's communes.
    assert cote_dor["places_per_10k"] == (Decimal(6) * 10000 / _population("21")).quantize(Decimal("0.01"))
    assert values[(Level.DEPARTEMENT, "59")]["posts"] == 1


def _population(code: str) -> int:
    from django.db.models import Sum

    from tig.territories.models import Commune

    return Commune.objects.filter(departement_id=code, kind="commune").aggregate(n=Sum("population"))["n"]


def test_a_days_snapshot_stays_what_it_was_after_later_edits(posts):
    with time_machine.travel("2026-09-30 23:00 +02:00", tick=False):
        written = take_snapshot.call()
        assert take_snapshot.call() == written  # taken again the same day: replaced, not doubled
    assert Snapshot.objects.filter(day=date(2026, 9, 30)).count() == written
    Post.objects.update(places_offered=20)
    with time_machine.travel("2026-12-04 10:00 +01:00", tick=False):
        take_snapshot.call()
    september = Snapshot.objects.get(day=date(2026, 9, 30), indicator="places", level=Level.NATIONAL)
    december = Snapshot.objects.get(day=date(2026, 12, 4), indicator="places", level=Level.NATIONAL)
    assert (september.value, december.value) == (10, 80)


def rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


def test_each_reads_its_own_territories(client_for, posts):
    take_snapshot.call()
    agency = rows(client_for(national_admin()).get("/statistiques/", {"format": "csv"}))
    from tig.territories.models import Departement

    assert agency[1][0] == "France" and len(agency) == 2 + Departement.objects.count()  # and every département
    own = rows(client_for(referent("21")).get("/statistiques/", {"format": "csv"}))
    assert [row[0] for row in own[1:]] == ["France", "Côte-d'Or (21)"]
    assert own[2][1:4] == ["3", "6", "5"]
    judge = rows(
        client_for(magistrate(MagistrateFunction.TRIAL_JUDGE, departement_code="59")).get(
            "/statistiques/", {"format": "csv"}
        )
    )
    assert [row[0] for row in judge[1:]] == ["France", "Nord (59)"]
    assert [row[0] for row in rows(client_for(spip_director("21")).get("/statistiques/", {"format": "csv"}))[1:]] == [
        "France",
        "Côte-d'Or (21)",
    ]
    for user in (lawyer(), host_member(posts), probation_officer()):
        assert client_for(user).get("/statistiques/").status_code == 403


def test_the_page_shows_its_source_date_and_quarters_and_downloads_as_xlsx(client_for, posts):
    with time_machine.travel("2026-09-30 12:00 +02:00", tick=False):
        take_snapshot.call()
    with time_machine.travel("2026-12-04 12:00 +01:00", tick=False):
        take_snapshot.call()
        page = client_for(referent("21")).get("/statistiques/").text
        workbook = client_for(referent("21")).get("/statistiques/", {"format": "xlsx"})
    assert "relevé du 04/12/2026" in page and "Source : Plateforme TIG" in page
    assert "T3 2026" in page and "T4 2026 (au 04/12/2026)" in page
    sheet = list(openpyxl.load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert sheet[1][0] == "Territoire" and sheet[3][0] == "Côte-d'Or (21)" and sheet[3][1] == 3
    assert client_for(referent("21")).get("/statistiques/", {"format": "pdf"}).status_code == 400


def test_before_any_snapshot_the_page_computes_the_figures(client_for, posts):
    page = client_for(national_admin()).get("/statistiques/").text
    assert "calculé à l&#x27;instant" in page and "Aucun relevé encore" in page


def test_who_reads_statistics():
    from tests.roles import CAST

    scope = {name: perms.departements_in_view(user) for name, user in CAST.items()}
    assert scope["ATIGIP"] is None and scope["référent 21"] == ["21"] and scope["DSPIP 21"] == ["21"]
    assert scope["avocat"] == [] and scope["CPIP 21"] == []
