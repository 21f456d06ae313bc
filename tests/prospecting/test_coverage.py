"""The coverage gaps (tig/prospecting/coverage.py) against the brute force: for every commune,
the distance to every suitable post."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.posts.factories import PostFactory
from tests.territories.factories import CommuneFactory, commune, departement
from tig.organisations.models import Organisation
from tig.posts.enums import ActivityDomain, PostStatus
from tig.posts.models import Post
from tig.prospecting.coverage import Criteria, compute, with_domains
from tig.territories.geo import haversine_km
from tig.territories.models import Commune

pytestmark = pytest.mark.django_db

# Metropolitan France, La Réunion, Guyane: a gap is measured the same way everywhere.
AREAS = {"21": (46.9, 47.9, 4.0, 5.5), "974": (-21.4, -20.9, 55.2, 55.8), "973": (2.1, 5.8, -54.5, -51.6)}
place = st.sampled_from(sorted(AREAS)).flatmap(
    lambda code: st.tuples(
        st.just(code),
        st.floats(AREAS[code][0], AREAS[code][1]),
        st.floats(AREAS[code][2], AREAS[code][3]),
    )
)


def brute_force(communes, posts, distance_km):
    gaps = set()
    for code, lat, lon in communes:
        if lat is None:
            continue
        nearest = min((haversine_km(lat, lon, p_lat, p_lon) for p_lat, p_lon in posts), default=math.inf)
        if nearest > distance_km:
            gaps.add(code)
    return gaps


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    communes=st.lists(place, min_size=1, max_size=25),
    posts=st.lists(place, max_size=15),
    distance=st.integers(5, 50),
    unlocated=st.booleans(),
)
def test_the_gaps_are_the_brute_forces(django_db_blocker, communes, posts, distance, unlocated):
    with django_db_blocker.unblock():
        _reset()
        host = commune("dijon")
        made = [host]
        for index, (code, lat, lon) in enumerate(communes):
            made.append(
                CommuneFactory(
                    code=f"9{index:04d}", departement=departement(code), lat=lat, lon=lon, population=index + 1
                )
            )
        if unlocated:  # a commune the reference geography has no point for (Saint-Pierre-et-Miquelon)
            made.append(commune("saint_pierre_975"))
        for _code, lat, lon in posts:
            PostFactory(commune=host, lat=lat, lon=lon, organisation__commune=host)
        rows = [(c.code, c.lat, c.lon) for c in made]
        expected = brute_force(rows, [(lat, lon) for _c, lat, lon in posts], distance)
        every = {*(c.departement_id for c in made)}
        for departements in (None, sorted(every), [made[0].departement_id]):
            result = compute(departements, Criteria(distance_km=distance))
            wanted = {c.code for c in made if departements is None or c.departement_id in departements}
            assert {gap.code for gap in result.gaps} == expected & wanted
            assert {gap.code for gap in result.unlocated} == {c.code for c in made if c.lat is None} & wanted
            populations = [gap.population for gap in result.gaps]
            assert populations == sorted(populations, reverse=True)
        _reset()


def _reset() -> None:
    Post.objects.all().delete()
    Organisation.objects.all().delete()
    Commune.objects.all().delete()


def test_only_suitable_posts_fill_a_gap():
    dijon, beaune = commune("dijon"), commune("beaune")  # 37 km apart
    PostFactory(commune=beaune, organisation__commune=beaune, domain=ActivityDomain.HERITAGE)
    assert [g.name for g in compute(["21"], Criteria(distance_km=30)).gaps] == ["Dijon"]
    assert [g.name for g in compute(["21"], Criteria(distance_km=40)).gaps] == []
    # Filters: the kind of work, minors, weekends.
    assert [g.name for g in compute(["21"], Criteria(40, domain=ActivityDomain.GREEN_SPACES)).gaps] == [
        "Dijon",
        "Beaune",
    ]
    assert [g.name for g in compute(["21"], Criteria(40, minors=True)).gaps] == ["Dijon", "Beaune"]
    assert [g.name for g in compute(["21"], Criteria(40, weekend=True)).gaps] == ["Dijon", "Beaune"]
    # A post with every place taken, or not in search, fills nothing.
    PostFactory(commune=dijon, organisation__commune=dijon, places_offered=2, places_taken=2)
    PostFactory(commune=dijon, organisation__commune=dijon, status=PostStatus.CLOSED)
    assert [g.name for g in compute(["21"], Criteria(distance_km=30)).gaps] == ["Dijon"]


def test_a_post_across_the_border_counts():
    macon = commune("macon")  # Saône-et-Loire
    commune("beaune")  # Côte-d'Or, 80 km from Mâcon
    PostFactory(commune=macon, organisation__commune=macon)
    assert [g.name for g in compute(["21"], Criteria(distance_km=50)).gaps] == ["Beaune"]
    # A Saône-et-Loire post sited near Chagny, 14 km from Beaune.
    PostFactory(commune=macon, organisation__commune=macon, lat=46.91, lon=4.75)
    result = compute(["21"], Criteria(distance_km=15))
    assert result.gaps == []
    assert result.posts == 0  # the Côte-d'Or's own posts: none


def test_the_figures_of_the_territory():
    dijon = commune("dijon")
    commune("beaune")
    PostFactory(commune=dijon, organisation__commune=dijon, places_offered=5, places_taken=1)
    result = compute(["21"], Criteria(distance_km=10))
    assert result.communes == 2 and result.population == 161830 + 20000
    assert result.posts == 1 and result.places == 5
    assert str(result.places_per_10k) == f"{5 * 10000 / (161830 + 20000):.2f}"
    assert result.gap_population == 20000
    assert str(result.gap_share) == f"{20000 * 100 / (161830 + 20000):.1f}"


def test_with_domains_is_the_coverage_and_each_domain_s():
    dijon, beaune = commune("dijon"), commune("beaune")
    PostFactory(commune=dijon, organisation__commune=dijon, domain=ActivityDomain.HERITAGE, places_offered=3)
    PostFactory(commune=beaune, organisation__commune=beaune, domain=ActivityDomain.SOLIDARITY)

    def same(one, other):
        assert [g.code for g in one.gaps] == [g.code for g in other.gaps]
        assert (one.posts, one.places, one.communes, one.population) == (
            other.posts,
            other.places,
            other.communes,
            other.population,
        )

    overall, domains = with_domains(["21"], Criteria(distance_km=10))
    same(overall, compute(["21"], Criteria(distance_km=10)))
    heritage = Criteria(distance_km=10, domain=ActivityDomain.HERITAGE)
    same(with_domains(["21"], heritage)[0], compute(["21"], heritage))
    for code, _label, each in domains:
        alone = compute(["21"], Criteria(distance_km=10, domain=code))
        assert [g.code for g in each.gaps] == [g.code for g in alone.gaps], code
        assert (each.posts, each.places) == (alone.posts, alone.places), code


def test_a_tribunal_s_area_is_its_communes_only():
    """A « ressort »: its communes are measured, its posts counted; a post outside it still
    reaches them (the person crosses the line)."""
    dijon, chenove, beaune = commune("dijon"), commune("chenove"), commune("beaune")
    PostFactory(commune=beaune, organisation__commune=beaune, places_offered=4)
    PostFactory(commune=chenove, organisation__commune=chenove, places_offered=2)
    area = frozenset({dijon.pk, beaune.pk})
    result = compute(["21"], Criteria(distance_km=5), area)
    assert result.communes == 2 and (result.posts, result.places) == (1, 4)
    assert result.gaps == []  # Dijon reached by Chenôve's post, Beaune by its own
    overall, _domains = with_domains(["21"], Criteria(distance_km=5), area)
    assert (overall.communes, overall.posts, overall.places, overall.gaps) == (2, 1, 4, [])
