import math

import pytest

from tig.territories.geo import EARTH_RADIUS_KM, bounding_box, haversine_km

DIJON = (47.32103, 5.04127)
BEAUNE = (47.02513, 4.83965)
DUNKERQUE = (51.03751, 2.37742)
AJACCIO = (41.91865, 8.73688)
BASTIA = (42.70278, 9.45000)
SAINT_DENIS_974 = (-20.87897, 55.44863)
SAINT_PIERRE_974 = (-21.3393, 55.4781)
CAYENNE = (4.93804, -52.33502)


def test_distance_between_known_cities():
    # Dijon–Beaune is about 36 km as the crow flies.
    assert haversine_km(*DIJON, *BEAUNE) == pytest.approx(36.3, abs=0.5)
    # Ajaccio–Bastia, across Corsica: about 104 km.
    assert haversine_km(*AJACCIO, *BASTIA) == pytest.approx(104, abs=2)
    # Saint-Denis–Saint-Pierre in La Réunion: about 51 km.
    assert haversine_km(*SAINT_DENIS_974, *SAINT_PIERRE_974) == pytest.approx(51, abs=1.5)


def test_distance_is_symmetric_and_zero_on_the_same_point():
    assert haversine_km(*DUNKERQUE, *DIJON) == pytest.approx(haversine_km(*DIJON, *DUNKERQUE))
    assert haversine_km(*CAYENNE, *CAYENNE) == 0


def test_a_quarter_meridian():
    assert haversine_km(0, 0, 90, 0) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2)


@pytest.mark.parametrize(
    "centre",
    [DIJON, DUNKERQUE, AJACCIO, SAINT_DENIS_974, CAYENNE],
    ids=["dijon", "dunkerque", "ajaccio", "reunion", "guyane"],
)
@pytest.mark.parametrize("radius", [5, 30, 100])
def test_the_box_holds_every_point_of_the_circle(centre, radius):
    box = bounding_box(*centre, radius)
    lat0, lon0 = centre
    # Walk the circle's edge (slightly inside) in every direction.
    for step in range(360):
        bearing = math.radians(step)
        d = (radius * 0.999) / EARTH_RADIUS_KM
        phi0, lam0 = math.radians(lat0), math.radians(lon0)
        phi = math.asin(math.sin(phi0) * math.cos(d) + math.cos(phi0) * math.sin(d) * math.cos(bearing))
        lam = lam0 + math.atan2(
            math.sin(bearing) * math.sin(d) * math.cos(phi0), math.cos(d) - math.sin(phi0) * math.sin(phi)
        )
        lat, lon = math.degrees(phi), math.degrees(lam)
        assert haversine_km(lat0, lon0, lat, lon) <= radius
        assert box.contains(lat, lon), (lat, lon)


@pytest.mark.parametrize("centre", [DIJON, DUNKERQUE, SAINT_DENIS_974])
def test_the_box_is_tight(centre):
    """The box is no wider than the circle: its edges are at the radius."""
    box = bounding_box(*centre, 30)
    lat0, lon0 = centre
    assert haversine_km(lat0, lon0, box.max_lat, lon0) == pytest.approx(30, rel=1e-6)
    assert haversine_km(lat0, lon0, box.min_lat, lon0) == pytest.approx(30, rel=1e-6)
    ((west, east),) = box.lon_ranges
    assert haversine_km(lat0, lon0, lat0, east) == pytest.approx(30, rel=0.01)
    assert haversine_km(lat0, lon0, lat0, west) == pytest.approx(30, rel=0.01)


def test_a_point_just_outside_the_box_is_outside_the_circle():
    box = bounding_box(*DUNKERQUE, 10)
    assert not box.contains(box.max_lat + 0.001, DUNKERQUE[1])
    assert haversine_km(*DUNKERQUE, box.max_lat + 0.001, DUNKERQUE[1]) > 10


def test_the_box_splits_across_the_antimeridian():
    # Near Futuna (178° W), 100 km westward cross the 180th meridian.
    box = bounding_box(-14.3, -179.5, 100)
    assert len(box.lon_ranges) == 2
    assert box.contains(-14.3, 179.8)
    assert haversine_km(-14.3, -179.5, -14.3, 179.8) < 100
    assert box.contains(-14.3, -179.0)
    assert not box.contains(-14.3, 170.0)
    assert not box.contains(-14.3, -170.0)


def test_near_a_pole_the_box_takes_every_longitude():
    box = bounding_box(89.9, 0, 50)
    assert box.lon_ranges == ((-180.0, 180.0),)
    assert box.contains(89.95, 123.0)


def test_a_negative_radius_is_refused():
    with pytest.raises(ValueError, match="radius"):
        bounding_box(*DIJON, -1)
