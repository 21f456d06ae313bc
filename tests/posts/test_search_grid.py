"""The grid search gives exactly what a brute-force haversine scan gives."""

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.factories import lawyer
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import CommuneFactory, departement
from tig.posts.enums import PostStatus, Registration
from tig.posts.models import Post
from tig.posts.search import Circle, Criteria, nearest, row_of, search, survey
from tig.territories.geo import haversine_km

pytestmark = pytest.mark.django_db

CENTRES = [(47.32103, 5.04127), (51.03751, 2.37742), (41.91865, 8.73688), (-20.87897, 55.44863), (4.93804, -52.33502)]


def make_posts(organisation, points):
    Post.objects.bulk_create(
        [
            Post(
                organisation=organisation,
                title=f"P{index}",
                domain="espaces_verts",
                tasks="t",
                commune=organisation.commune,
                lat=lat,
                lon=lon,
                places_offered=2,
                places_taken=index % 3,
                status=PostStatus.ACTIVE,
                registration=Registration.REGISTERED,
                host_habilitated=True,
            )
            for index, (lat, lon) in enumerate(points)
        ]
    )


@pytest.fixture
def scattered():
    """600 posts around five centres, some on cell borders, some exactly on a circle."""
    rng = random.Random(1234)
    organisation = OrganisationFactory()
    posts = []
    for lat0, lon0 in CENTRES:
        for _ in range(100):
            posts.append((lat0 + rng.uniform(-1.0, 1.0), lon0 + rng.uniform(-1.3, 1.3)))
        for k in range(10):  # on the lines of the grid
            posts.append((round(lat0 + k * 0.02, 2), round(lon0 - k * 0.02, 2)))
        for bearing in range(0, 360, 36):  # about 20 km away in ten directions
            angle = math.radians(bearing)
            posts.append((lat0 + 0.1798 * math.cos(angle), lon0 + 0.25 * math.sin(angle)))
    make_posts(organisation, posts)
    return organisation


def every_match(user, criteria):
    found = survey(user, criteria)
    return nearest(found, found.total)


def brute_force(lat0, lon0, radius, **filters):
    found = []
    for pk, lat, lon in Post.objects.filter(listed=True, **filters).values_list("id", "lat", "lon"):
        distance = haversine_km(lat0, lon0, lat, lon)
        if distance <= radius:
            found.append((round(distance, 6), pk))
    return [pk for _, pk in sorted(found)]


@pytest.mark.parametrize("radius", [5, 20, 30, 55, 100])
@pytest.mark.parametrize("centre", CENTRES, ids=["dijon", "dunkerque", "ajaccio", "reunion", "guyane"])
def test_same_posts_same_order_as_brute_force(scattered, centre, radius):
    place = CommuneFactory(departement=departement("21"), lat=centre[0], lon=centre[1])
    user = lawyer()
    expected = brute_force(*centre, radius)
    assert [item.id for item in every_match(user, Criteria(commune=place, radius_km=radius))] == expected
    results = search(user, Criteria(commune=place, radius_km=radius), page_number=2)
    assert results.total == len(expected)
    # Page 2, or the last page when there is no second one.
    assert [hit.post.pk for hit in results.hits] == (expected[20:40] if len(expected) > 20 else expected)


@pytest.fixture
def dense():
    """1,500 posts within 4 km of a centre, as in a city at ten times today's offer, 60 of them
    at the very same place (a town hall's address) and 40 on one circle around it."""
    rng = random.Random(99)
    lat0, lon0 = CENTRES[0]
    points = [(lat0 + rng.gauss(0, 0.012), lon0 + rng.gauss(0, 0.018)) for _ in range(1400)]
    points += [(lat0 + 0.003, lon0 - 0.004)] * 60
    points += [(lat0 + 0.01 * math.cos(k), lon0 + 0.0148 * math.sin(k)) for k in range(40)]
    organisation = OrganisationFactory()
    make_posts(organisation, points)
    return organisation


@pytest.mark.parametrize("page", [1, 2, 7, 30, 75])
@pytest.mark.parametrize("radius", [5, 30])
def test_pages_where_posts_are_dense_are_the_brute_force_ones(dense, page, radius):
    place = CommuneFactory(departement=departement("21"), lat=CENTRES[0][0], lon=CENTRES[0][1])
    expected = brute_force(*CENTRES[0], radius)
    results = search(lawyer(), Criteria(commune=place, radius_km=radius), page_number=page)
    assert results.total == len(expected)
    start = (results.page.number - 1) * 20
    assert [hit.post.pk for hit in results.hits] == expected[start : start + 20]


@pytest.mark.parametrize("radius", [5, 30])
def test_the_maps_count_by_cell_gives_the_same_total(dense, scattered, radius):
    """The map counts the inner cells one by one (for its blocks), the list per row of the grid."""
    place = CommuneFactory(departement=departement("21"), lat=CENTRES[0][0], lon=CENTRES[0][1])
    criteria = Criteria(commune=place, radius_km=radius)
    by_row, by_cell = survey(lawyer(), criteria), survey(lawyer(), criteria, by_cell=True)
    expected = len(brute_force(*CENTRES[0], radius))
    assert by_row.total == by_cell.total == expected
    assert by_row.per_cell() == by_cell.per_cell()
    assert sum(by_cell.per_cell().values()) == expected


@pytest.mark.parametrize("reach", [0.2, 0.7, 1.5, 2.5, 4.0])
def test_what_is_read_within_a_reach_is_every_post_within_it(dense, reach):
    """nearest() reads a band of latitudes in the cells around the centre: nothing within the
    reach may fall outside it."""
    from tig.posts.search import _located_within

    place = CommuneFactory(departement=departement("21"), lat=CENTRES[0][0], lon=CENTRES[0][1])
    found = survey(lawyer(), Criteria(commune=place, radius_km=30))
    assert [item.id for item in _located_within(found, reach)] == brute_force(*CENTRES[0], reach)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    points=st.lists(
        st.tuples(st.floats(-0.2, 0.2), st.floats(-0.3, 0.3)).map(lambda p: (round(p[0], 3), round(p[1], 3))),
        min_size=1,
        max_size=150,
    ),
    count=st.integers(1, 160),
    radius=st.sampled_from([5, 10, 25]),
)
def test_the_nearest_posts_are_the_brute_force_ones(points, count, radius):
    """Any spread of posts (clusters and ties, rounded to 100 m), any number asked for."""
    Post.objects.all().delete()
    lat0, lon0 = CENTRES[1]
    make_posts(OrganisationFactory(), [(lat0 + dlat, lon0 + dlon) for dlat, dlon in points])
    place = CommuneFactory(departement=departement("59"), lat=lat0, lon=lon0)
    found = survey(lawyer(), Criteria(commune=place, radius_km=radius))
    expected = brute_force(lat0, lon0, radius)
    assert found.total == len(expected)
    assert [item.id for item in nearest(found, count)] == expected[:count]


def test_filters_go_through_the_grid_too(scattered):
    place = CommuneFactory(departement=departement("21"), lat=CENTRES[0][0], lon=CENTRES[0][1])
    expected = brute_force(*CENTRES[0], 60, places_available__gt=0)
    results = search(lawyer(), Criteria(commune=place, radius_km=60, available_only=True), page_number=1)
    assert results.total == len(expected)
    assert [hit.post.pk for hit in results.hits] == expected[:20]


@pytest.mark.parametrize("lat", [-21.0, 4.9, 41.9, 47.3, 51.0])
def test_the_rows_of_the_grid_cover_the_circle(lat):
    circle = Circle(lat, 3.0, 100)
    rows = circle.rows()
    assert row_of(circle.box.min_lat) in rows and row_of(circle.box.max_lat) in rows
    for row in rows:
        touching, inside = circle.columns(row)
        if inside:
            assert touching[0] <= inside[0] <= inside[1] <= touching[1]


def test_the_planar_approximation_stays_within_its_margin():
    """The database orders and pre-filters with a planar distance, and cells are chosen with
    it; its error at French latitudes, up to 100 km, must stay far below the margin."""
    from tig.posts.search import APPROXIMATION_MARGIN_KM, KM_PER_DEGREE

    rng = random.Random(7)
    worst = 0.0
    for lat0 in (-21.3, -12.8, 4.9, 14.6, 16.2, 41.4, 45.0, 48.8, 51.1):
        for _ in range(2000):
            circle = Circle(lat0, rng.uniform(-62, 56), 100)
            distance, bearing = rng.uniform(0, 101), rng.uniform(0, 2 * math.pi)
            lat = lat0 + distance / KM_PER_DEGREE * math.cos(bearing)
            lon = circle.lon + distance / (KM_PER_DEGREE * circle.cos_phi0) * math.sin(bearing)
            worst = max(worst, abs(circle.planar_km(lat, lon) - haversine_km(lat0, circle.lon, lat, lon)))
    assert worst < APPROXIMATION_MARGIN_KM / 10


def test_the_sql_planar_distance_is_the_python_one(scattered):
    """GridQuery filters with Circle.planar_km computed in SQL: the same number on both
    databases, to the micrometre (a post is in at its distance, out just below it)."""
    from tig.posts.search import GridQuery, filtered

    lat0, lon0 = CENTRES[0]
    circle = Circle(lat0, lon0, 100)
    grid = GridQuery(filtered(lawyer(), Criteria()), circle)
    for pk, lat, lon, cell in Post.objects.order_by("pk").values_list("pk", "lat", "lon", "cell")[:60]:
        planar = circle.planar_km(lat, lon)
        assert pk in {row[0] for row in grid.rows([cell], within_km=planar + 1e-9)}
        assert pk not in {row[0] for row in grid.rows([cell], within_km=planar - 1e-9)}
