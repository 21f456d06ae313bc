"""What the offer is made of, the posts that entered and left the search, the population within
reach of a free place, and the interregional directorates (DISP, DIR-PJJ)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from tests.accounts.factories import ServiceFactory, national_admin, referent
from tests.measures.factories import MeasureFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune, departement
from tig.organisations.enums import LegalType
from tig.posts.enums import ActivityDomain, PostStatus
from tig.posts.models import Post
from tig.stats import composition, flows, reach
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import chains
from tig.stats.models import Snapshot
from tig.stats.tasks import take_snapshot
from tig.territories.admin import DirectorateForm
from tig.territories.enums import DirectorateKind
from tig.territories.geo import haversine_km
from tig.territories.models import Directorate

pytestmark = pytest.mark.django_db


def snapshot_on(day: str) -> None:
    with time_machine.travel(f"{day} 12:00 +01:00", tick=False):
        take_snapshot.call()


def value(day: str, indicator: str, level: str, code: str) -> Decimal | None:
    found = Snapshot.objects.filter(day=date.fromisoformat(day), indicator=indicator, level=level, code=code)
    return found.values_list("value", flat=True).first()


@pytest.fixture
def offer():
    dijon, beaune, lille = commune("dijon"), commune("beaune"), commune("lille")
    town = OrganisationFactory(commune=dijon, legal_type=LegalType.COLLECTIVITE)
    public_body = OrganisationFactory(commune=beaune, legal_type=LegalType.ETABLISSEMENT_PUBLIC)
    PostFactory(organisation=town, places_offered=3)
    PostFactory(organisation=town, places_offered=2, domain=ActivityDomain.SOLIDARITY)
    PostFactory(organisation=town, commune=lille, places_offered=4)  # the same town hall, in the Nord
    PostFactory(organisation=public_body, places_offered=1, domain=ActivityDomain.SOLIDARITY)
    PostFactory(organisation=public_body, places_offered=5, status=PostStatus.DRAFT)  # not offered
    return town, public_body


def test_hosts_and_places_by_legal_type_and_posts_by_kind_of_work(offer):
    values = composition.measure()
    cote_dor = values[(Level.DEPARTEMENT, "21")]
    assert cote_dor["hosts_collectivite"] == 1 and cote_dor["places_collectivite"] == 5
    assert cote_dor["hosts_etablissement_public"] == 1 and cote_dor["places_etablissement_public"] == 1
    assert cote_dor["posts_espaces_verts"] == 1 and cote_dor["posts_solidarite"] == 2
    france = values[(Level.NATIONAL, NATIONAL_CODE)]
    # The town hall offers posts in two départements: one host for France, not two.
    assert france["hosts_collectivite"] == 1 and france["places_collectivite"] == 9
    assert france["posts_espaces_verts"] == 2 and france["hosts_ess"] == 0
    assert values[(Level.REGION, "32")]["places_collectivite"] == 4


def test_the_directorates_count_their_departements(offer):
    MeasureFactory.create_batch(2, service=ServiceFactory(departement=departement("21")))
    disp = Directorate.objects.create(kind=DirectorateKind.DISP, code="disp-dijon", name="DISP de Dijon")
    disp.departements.set([departement("21"), departement("71")])
    pjj = Directorate.objects.create(kind=DirectorateKind.DIRPJJ, code="dirpjj-ne", name="DIR-PJJ Grand Nord")
    pjj.departements.set([departement("21"), departement("59")])
    snapshot_on("2026-12-01")
    assert value("2026-12-01", "posts", Level.DISP, "disp-dijon") == 3
    assert value("2026-12-01", "places", Level.DISP, "disp-dijon") == 6
    assert value("2026-12-01", "hosts", Level.DIRPJJ, "dirpjj-ne") == 2  # the town hall once, in both
    assert value("2026-12-01", "places", Level.DIRPJJ, "dirpjj-ne") == 10
    assert value("2026-12-01", "measures_to_assign", Level.DISP, "disp-dijon") == 2
    population = sum(commune(key).population for key in ("dijon", "beaune"))
    assert value("2026-12-01", "places_per_10k", Level.DISP, "disp-dijon") == (Decimal(60_000) / population).quantize(
        Decimal("0.01")
    )
    # A quarter's figure stays what it was when a département moves to another directorate.
    disp.departements.set([departement("71")])
    snapshot_on("2026-12-02")
    assert value("2026-12-02", "posts", Level.DISP, "disp-dijon") == 0
    assert value("2026-12-01", "posts", Level.DISP, "disp-dijon") == 3


def test_a_departement_belongs_to_one_directorate_of_each_kind():
    cote_dor = departement("21")
    Directorate.objects.create(kind=DirectorateKind.DISP, code="disp-dijon", name="DISP de Dijon").departements.add(
        cote_dor
    )
    second = DirectorateForm(
        data={"kind": DirectorateKind.DISP, "code": "disp-lyon", "name": "DISP de Lyon", "departements": ["21"]}
    )
    assert not second.is_valid()
    assert "Déjà rattachés : 21 (Côte-d'Or)." in second.non_field_errors()[0]
    other_kind = DirectorateForm(
        data={"kind": DirectorateKind.DIRPJJ, "code": "dirpjj-ce", "name": "DIR-PJJ Centre-Est", "departements": ["21"]}
    )
    assert other_kind.is_valid(), other_kind.errors


def test_the_agency_keeps_the_directorates_in_the_administration():
    departement("21")
    client = Client()
    client.force_login(national_admin(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/territories/directorate/add/",
        {"kind": DirectorateKind.DISP, "code": "disp-dijon", "name": "DISP de Dijon", "departements": ["21"]},
    )
    assert response.status_code == 302
    assert list(Directorate.objects.get().departements.values_list("code", flat=True)) == ["21"]


def test_the_posts_that_entered_and_left_the_search(offer):
    town, _public_body = offer
    snapshot_on("2026-12-01")
    # The first snapshot has nothing to compare with: no value, not every post as « new ».
    assert value("2026-12-01", flows.ENTERED.code, Level.NATIONAL, NATIONAL_CODE) is None
    Post.objects.filter(commune__code="59350").update(status=PostStatus.SUSPENDED)
    PostFactory(organisation=town, places_offered=1)
    snapshot_on("2026-12-02")
    assert value("2026-12-02", flows.ENTERED.code, Level.DEPARTEMENT, "21") == 1
    assert value("2026-12-02", flows.LEFT.code, Level.DEPARTEMENT, "59") == 1
    assert value("2026-12-02", flows.LEFT.code, Level.DEPARTEMENT, "21") == 0
    assert value("2026-12-02", flows.ENTERED.code, Level.NATIONAL, NATIONAL_CODE) == 1
    assert value("2026-12-02", flows.LEFT.code, Level.REGION, "32") == 1
    # Taken again the same day: the same counts, not zero.
    snapshot_on("2026-12-02")
    assert value("2026-12-02", flows.ENTERED.code, Level.NATIONAL, NATIONAL_CODE) == 1
    assert value("2026-12-02", flows.LEFT.code, Level.NATIONAL, NATIONAL_CODE) == 1
    # Suspended and back the next day: it entered again. Left and back within a day: neither.
    Post.objects.filter(commune__code="59350").update(status=PostStatus.ACTIVE)
    snapshot_on("2026-12-03")
    assert value("2026-12-03", flows.ENTERED.code, Level.DEPARTEMENT, "59") == 1
    beaune = Post.objects.get(commune__code="21054", status=PostStatus.ACTIVE)
    Post.objects.filter(pk=beaune.pk).update(status=PostStatus.CLOSED)
    snapshot_on("2026-12-04")
    Post.objects.filter(pk=beaune.pk).update(status=PostStatus.ACTIVE)
    snapshot_on("2026-12-04")
    assert value("2026-12-04", flows.LEFT.code, Level.NATIONAL, NATIONAL_CODE) == 0
    assert value("2026-12-04", flows.ENTERED.code, Level.NATIONAL, NATIONAL_CODE) == 0


def test_the_population_within_reach_of_a_free_place():
    dijon, chenove, beaune = commune("dijon"), commune("chenove"), commune("beaune")
    commune("saint_pierre_975")  # no point: out of reach, never guessed
    PostFactory(organisation=OrganisationFactory(commune=dijon), places_offered=1)
    PostFactory(organisation=OrganisationFactory(commune=beaune), places_offered=1, places_taken=1)  # full
    assert haversine_km(dijon.lat, dijon.lon, beaune.lat, beaune.lon) > 30
    shares = reach.measure(chains())
    total = dijon.population + chenove.population + beaune.population
    within = Decimal((dijon.population + chenove.population) * 100) / total
    assert shares[(Level.DEPARTEMENT, "21")] == {
        "population_within_10km": within.quantize(Decimal("0.01")),
        "population_within_20km": within.quantize(Decimal("0.01")),
        "population_within_30km": within.quantize(Decimal("0.01")),
    }
    with_saint_pierre = total + commune("saint_pierre_975").population
    assert shares[(Level.NATIONAL, NATIONAL_CODE)]["population_within_10km"] == (
        Decimal((dijon.population + chenove.population) * 100) / with_saint_pierre
    ).quantize(Decimal("0.01"))


def test_the_page_shows_reach_composition_target_and_directorates(client_for, offer):
    disp = Directorate.objects.create(kind=DirectorateKind.DISP, code="disp-dijon", name="DISP de Dijon")
    disp.departements.set([departement("21")])
    snapshot_on("2026-09-30")
    PostFactory(organisation=offer[0], places_offered=1)
    snapshot_on("2026-12-01")
    with time_machine.travel("2026-12-01 23:30 +01:00", tick=False):
        agency = client_for(national_admin()).get("/statistiques/")
        own = client_for(referent("21")).get("/statistiques/")
    tables = {table.anchor: table for table in agency.context["tables"]}
    assert [row[0] for row in tables["indicateurs"].rows[:2]] == ["France", "DISP de Dijon"]
    assert "DISP de Dijon" not in own.text  # the directorates are the agency's
    assert tables["portee"].header[1] == "Population à 10 km au plus d'une place libre (%)"
    types = {row[0]: row[1:] for row in tables["types"].rows}
    assert types["Collectivité territoriale"] == ["1", "10", "90,9"]  # 10 of France's 11 places
    history = {row[0]: row[1:] for row in tables["historique"].rows}
    assert history["T4 2026 (au 01/12/2026)"][-2:] == ["1", "0"]  # one post entered in the quarter
    assert history["T3 2026"][-2:] == ["—", "—"]  # the first snapshot: nothing to compare with
    target = agency.context["target"]
    assert (target["posts"], target["change"], target["previous"]) == ("5", "+1", "T3 2026")
    assert "Objectif national : 30\u202f000 postes proposés" in agency.text


def test_every_table_downloads_with_its_figures(client_for, offer):
    import csv
    import io

    snapshot_on("2026-12-01")
    with time_machine.travel("2026-12-01 23:30 +01:00", tick=False):
        client = client_for(national_admin())
        answer = client.get("/statistiques/", {"format": "csv", "tableau": "types"})
        history = client.get("/statistiques/", {"format": "xlsx", "tableau": "historique"})
        refused = client.get("/statistiques/", {"format": "csv", "tableau": "inconnu"})
    content = b"".join(answer.streaming_content).decode("utf-8").removeprefix("\ufeff")
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(content), delimiter=";")}
    assert rows["Type de structure"] == ["Structures", "Places offertes", "Part des places (%)"]
    assert rows["Collectivité territoriale"] == ["1", "9", "90.0"]  # the figures, not the page's « 90,0 »
    assert 'filename="statistiques-types-2026-12-01.csv"' in answer["Content-Disposition"]
    assert history.status_code == 200 and history["Content-Type"].startswith("application/vnd.openxmlformats")
    assert refused.status_code == 400
