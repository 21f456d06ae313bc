"""The nearest post to a place, against the brute force: every point measured."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tig.posts.coverage import PointIndex
from tig.territories.geo import haversine_km

# Around metropolitan France, the overseas départements, and across the antimeridian (Wallis).
latitudes = st.one_of(st.floats(41, 51.5), st.floats(-22, 17), st.floats(-14.5, -13))
longitudes = st.one_of(st.floats(-5.5, 10), st.floats(-62, 56), st.floats(179.7, 180), st.floats(-180, -179.7))
points = st.tuples(latitudes, longitudes)


def brute_force(found: list[tuple[float, float]], lat: float, lon: float, max_km: float) -> float | None:
    distances = [haversine_km(lat, lon, other_lat, other_lon) for other_lat, other_lon in found]
    nearest = min(distances, default=math.inf)
    return nearest if nearest <= max_km else None


@settings(max_examples=300, deadline=None)
@given(st.lists(points, max_size=60), points, st.sampled_from([5, 10, 30, 50]))
def test_the_nearest_point_is_the_brute_forces(found, place, max_km):
    expected = brute_force(found, *place, max_km)
    measured = PointIndex(found).nearest_km(*place, max_km)
    if expected is None:
        assert measured is None
    else:
        assert measured is not None and math.isclose(measured, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_clustered_points_and_the_edge_of_the_distance():
    dijon = (47.32103, 5.04127)
    beaune = (47.02513, 4.83965)
    near_beaune = (47.0252, 4.8397)
    apart = min(haversine_km(*dijon, *beaune), haversine_km(*dijon, *near_beaune))
    index = PointIndex([beaune, beaune, near_beaune])
    assert len(index) == 2  # the same point twice is one
    assert math.isclose(index.nearest_km(*dijon, 50), apart, rel_tol=1e-6)
    assert index.nearest_km(*dijon, math.floor(apart)) is None  # just beyond the distance wanted
    assert PointIndex([]).nearest_km(*dijon, 50) is None


def test_across_the_antimeridian():
    index = PointIndex([(-13.3, -179.9)])
    assert math.isclose(index.nearest_km(-13.3, 179.9, 30), haversine_km(-13.3, 179.9, -13.3, -179.9))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(latitudes, longitudes, st.sampled_from("abc")), max_size=40),
    points,
    st.sampled_from([5, 15, 50]),
)
def test_the_tags_within_are_the_brute_forces(found, place, km):
    from tig.posts.coverage import TaggedPointIndex

    expected = {tag for lat, lon, tag in found if haversine_km(*place, lat, lon) <= km}
    assert TaggedPointIndex(found).tags_within(*place, km) == expected


@settings(max_examples=300, deadline=None)
@given(
    points,
    st.lists(
        st.tuples(st.floats(-0.4, 0.4), st.floats(-0.6, 0.6), st.sampled_from("abcdefgh")), min_size=1, max_size=400
    ),
    st.sampled_from([5, 15, 30, 50]),
)
def test_the_tags_within_a_dense_neighbourhood_are_the_brute_forces(place, offsets, km):
    """Hundreds of points around the place, up to a few tens of km, over several tags: whole
    cells within the distance count without their points; the answer is still the brute force's."""
    from tig.posts.coverage import TaggedPointIndex

    lat, lon = place
    found = [
        (max(-89.9, min(89.9, lat + d_lat)), ((lon + d_lon + 180) % 360) - 180, tag) for d_lat, d_lon, tag in offsets
    ]
    expected = {tag for other_lat, other_lon, tag in found if haversine_km(lat, lon, other_lat, other_lon) <= km}
    assert TaggedPointIndex(found).tags_within(lat, lon, km) == expected
