import random

import pytest

from tests.accounts.factories import host_member, lawyer, probation_officer, referent
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import CommuneFactory, commune, departement
from tig.posts.enums import ActivityDomain, PostStatus
from tig.posts.models import Post
from tig.posts.search import Criteria, nearest, search, survey
from tig.territories.geo import haversine_km

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    return {key: commune(key) for key in ("dijon", "chenove", "beaune", "macon", "lille")}


def at(place, title, **kwargs):
    organisation = kwargs.pop("organisation", None) or OrganisationFactory(commune=place)
    return PostFactory(organisation=organisation, commune=place, title=title, **kwargs)


def every_match(user, criteria):
    found = survey(user, criteria)
    return nearest(found, found.total)


def titles(results):
    return [hit.post.title for hit in results.hits]


def test_nearest_first_within_the_radius_with_distances(places):
    at(places["beaune"], "Beaune")
    at(places["chenove"], "Chenôve")
    at(places["dijon"], "Dijon")
    at(places["macon"], "Mâcon")
    officer = probation_officer()

    results = search(officer, Criteria(commune=places["dijon"], radius_km=50))
    assert titles(results) == ["Dijon", "Chenôve", "Beaune"]
    assert results.total == 3
    assert [round(hit.distance_km, 1) for hit in results.hits] == [0.0, 4.2, 36.3]
    dijon, beaune = places["dijon"], places["beaune"]
    assert results.hits[2].distance_km == pytest.approx(haversine_km(dijon.lat, dijon.lon, beaune.lat, beaune.lon))

    assert titles(search(officer, Criteria(commune=places["dijon"], radius_km=30))) == ["Dijon", "Chenôve"]
    assert titles(search(officer, Criteria(commune=places["dijon"], radius_km=100))) == [
        "Dijon",
        "Chenôve",
        "Beaune",
    ]


def test_the_radius_is_a_circle_not_the_box(places):
    dijon = places["dijon"]
    # North-east corner of the 10 km box: inside the box, about 13 km away.
    PostFactory(commune=dijon, lat=dijon.lat + 0.085, lon=dijon.lon + 0.125, title="Coin")
    PostFactory(commune=dijon, lat=dijon.lat + 0.085, lon=dijon.lon, title="Bord nord")
    assert titles(search(lawyer(), Criteria(commune=dijon, radius_km=10))) == ["Bord nord"]


def test_equal_distances_are_ordered_by_id_for_stable_pages(places):
    first = at(places["dijon"], "A")
    second = at(places["dijon"], "B")
    located = every_match(lawyer(), Criteria(commune=places["chenove"], radius_km=10))
    assert [item.id for item in located] == [first.pk, second.pk]


def test_a_whole_departement(places):
    at(places["dijon"], "Dijon")
    at(places["beaune"], "Beaune")
    at(places["macon"], "Mâcon")
    results = search(lawyer(), Criteria(departement=places["dijon"].departement))
    assert sorted(titles(results)) == ["Beaune", "Dijon"]
    assert all(hit.distance_km is None for hit in results.hits)
    # With a commune, the département narrows the radius search.
    both = Criteria(commune=places["macon"], radius_km=100, departement=places["dijon"].departement)
    assert titles(search(lawyer(), both)) == ["Beaune"]


@pytest.fixture
def cote_dor():
    """Six communes of one département (two of the same name), 90 posts with titles that
    repeat, some not listed; and posts next door, in another département."""
    rng = random.Random(21)
    dept = departement("21")
    communes = [
        CommuneFactory(departement=dept, name=name, lat=47 + index / 10, lon=5 + index / 10)
        for index, name in enumerate(["Talant", "Beaune", "Saint-Martin", "Arnay", "Saint-Martin", "Zéro"])
    ]
    for index in range(90):
        place = rng.choice(communes)
        PostFactory(
            commune=place,
            organisation=OrganisationFactory(commune=place),
            title=rng.choice(["Espaces verts", "Propreté", "Accueil", "Épicerie"]),
            places_taken=rng.choice([0, 0, 1]),
            places_offered=1,
            status=PostStatus.ACTIVE if index % 9 else PostStatus.DRAFT,
        )
    PostFactory(commune=commune("macon"), title="Ailleurs")
    return dept


@pytest.mark.parametrize("available_only", [False, True])
def test_a_whole_departement_page_by_page_is_the_sorted_list(cote_dor, available_only):
    """Communes by name (then id), in each the posts by title then id: every page."""
    expected = list(
        Post.objects.filter(listed=True, commune__departement=cote_dor)
        .filter(**({"places_available__gt": 0} if available_only else {}))
        .order_by("commune__name", "commune_id", "title", "id")
        .values_list("pk", flat=True)
    )
    assert len(expected) > 40
    criteria = Criteria(departement=cote_dor, available_only=available_only)
    seen = []
    for number in range(1, 20):
        results = search(lawyer(), criteria, page_number=number, per_page=7)
        assert results.total == len(expected)
        if results.page.number != number:
            break
        seen += [hit.post.pk for hit in results.hits]
    assert seen == expected


@pytest.mark.parametrize(
    ("criteria", "matching"),
    [
        ({"domains": (ActivityDomain.SOLIDARITY,)}, {"domain": ActivityDomain.SOLIDARITY}),
        ({"available_only": True}, {"places_offered": 2, "places_taken": 1}),
        ({"weekend": True}, {"schedule": {"sat": {"start": "09:00", "end": "12:00"}}}),
        ({"weekend": True}, {"schedule": {"sun": {"start": "09:00", "end": "12:00"}}}),
        ({"minors": True}, {"minors_allowed": True}),
        ({"pmr": True}, {"pmr_accessible": True}),
        ({"public_transport": True}, {"public_transport": True}),
        ({"measure": "tnr"}, {"accepts_tnr": True, "accepts_tig": False}),
        ({"measure": "tig"}, {"accepts_tig": True}),
        ({"collective": True}, {"collective": True}),
    ],
)
def test_each_filter(places, criteria, matching):
    dijon = places["dijon"]
    at(dijon, "Oui", **matching)
    # The other post fails that filter only.
    other = {
        "domain": ActivityDomain.GREEN_SPACES,
        "places_offered": 2,
        "places_taken": 2,
        "schedule": {"mon": {"start": "09:00", "end": "12:00"}},
        "minors_allowed": False,
        "pmr_accessible": False,
        "public_transport": False,
        "accepts_tig": "measure" in criteria and criteria["measure"] != "tig",
        "accepts_tnr": criteria.get("measure") != "tnr",
        "collective": False,
    }
    if other["accepts_tig"] is False and other["accepts_tnr"] is False:
        other["accepts_tnr"] = True
    at(dijon, "Non", **other)
    assert titles(search(lawyer(), Criteria(commune=dijon, radius_km=20, **criteria))) == ["Oui"]


def test_filters_combine(places):
    dijon = places["dijon"]
    at(dijon, "Les deux", minors_allowed=True, pmr_accessible=True)
    at(dijon, "Mineurs seulement", minors_allowed=True)
    at(dijon, "PMR seulement", pmr_accessible=True)
    assert titles(search(lawyer(), Criteria(commune=dijon, minors=True, pmr=True))) == ["Les deux"]


def test_only_active_posts_are_found_even_by_their_organisation_and_referent(places):
    dijon = places["dijon"]
    organisation = OrganisationFactory(commune=dijon)
    for status in PostStatus:
        at(dijon, status.label, status=status, organisation=organisation)
    for user in (lawyer(), probation_officer(), referent("21"), host_member(organisation)):
        assert titles(search(user, Criteria(commune=dijon))) == ["Actif"], user.role


def test_host_staff_find_only_their_own_organisation(places):
    dijon = places["dijon"]
    mine = OrganisationFactory(commune=dijon)
    at(dijon, "Le nôtre", organisation=mine)
    at(dijon, "Un autre")
    assert titles(search(host_member(mine, role="tutor"), Criteria(commune=dijon))) == ["Le nôtre"]


def test_pages_of_twenty_and_the_total(places):
    dijon = places["dijon"]
    organisation = OrganisationFactory(commune=dijon)
    for index in range(45):
        PostFactory(organisation=organisation, commune=dijon, lat=dijon.lat + index * 0.001, title=f"P{index:02d}")
    user = lawyer()
    first = search(user, Criteria(commune=dijon, radius_km=20))
    assert first.total == 45
    assert titles(first) == [f"P{index:02d}" for index in range(20)]
    third = search(user, Criteria(commune=dijon, radius_km=20), page_number=3)
    assert titles(third) == [f"P{index:02d}" for index in range(40, 45)]
    # A page number that is not one gives the first page, one too far the last.
    assert titles(search(user, Criteria(commune=dijon), page_number="abc"))[0] == "P00"
    assert titles(search(user, Criteria(commune=dijon), page_number="99"))[0] == "P40"


def test_edges_of_france(db):
    """Dunkirk (north), Corsica, La Réunion and Guyane: the same search everywhere."""
    dunkerque, ajaccio, bastia, reunion, cayenne = (
        commune(k) for k in ("dunkerque", "ajaccio", "bastia", "saint_denis_974", "cayenne")
    )
    for place in (dunkerque, ajaccio, bastia, reunion, cayenne):
        at(place, place.name)
    user = lawyer()
    assert titles(search(user, Criteria(commune=dunkerque, radius_km=100))) == ["Dunkerque"]
    # Ajaccio and Bastia are about 104 km apart.
    assert titles(search(user, Criteria(commune=ajaccio, radius_km=100))) == ["Ajaccio"]
    assert titles(search(user, Criteria(commune=bastia, radius_km=100))) == ["Bastia"]
    assert titles(search(user, Criteria(commune=ajaccio, radius_km=110))) == ["Ajaccio", "Bastia"]
    assert titles(search(user, Criteria(commune=reunion, radius_km=50))) == ["Saint-Denis"]
    assert titles(search(user, Criteria(commune=cayenne, radius_km=5))) == ["Cayenne"]
