import io
import json
from urllib.error import URLError

import pytest

from tests.territories.factories import commune
from tig.territories import geocoding

pytestmark = pytest.mark.django_db


def answer(features):
    return io.BytesIO(json.dumps({"type": "FeatureCollection", "features": features}).encode())


def feature(citycode="21231", score=0.9, lon=5.05, lat=47.33):
    return {
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"citycode": citycode, "score": score},
    }


@pytest.fixture
def enabled(settings):
    settings.GEOCODER_URL = "https://adresse.example/search"
    settings.GEOCODER_TIMEOUT_SECONDS = 2


def test_off_by_default(settings, monkeypatch):
    settings.GEOCODER_URL = ""
    monkeypatch.setattr(geocoding, "urlopen", lambda *a, **k: pytest.fail("no call when off"))
    assert geocoding.geocode("2 rue des Tilleuls", commune("dijon")) is None


def test_a_good_answer_gives_the_point(enabled, monkeypatch):
    calls = []

    def fake_urlopen(request, timeout):
        calls.append((request.full_url, timeout))
        return answer([feature()])

    monkeypatch.setattr(geocoding, "urlopen", fake_urlopen)
    assert geocoding.geocode("2 rue des Tilleuls", commune("dijon")) == (47.33, 5.05)
    url, timeout = calls[0]
    assert url.startswith("https://adresse.example/search?q=2+rue+des+Tilleuls&citycode=21231")
    assert timeout == 2


@pytest.mark.parametrize(
    "features",
    [[feature(citycode="21166")], [feature(score=0.2)], []],
    ids=["another-commune", "poor-score", "nothing-found"],
)
def test_a_doubtful_answer_is_ignored(enabled, monkeypatch, features):
    monkeypatch.setattr(geocoding, "urlopen", lambda request, timeout: answer(features))
    assert geocoding.geocode("2 rue des Tilleuls", commune("dijon")) is None


@pytest.mark.parametrize("error", [URLError("réseau"), TimeoutError(), ValueError("pas du JSON")])
def test_a_failure_never_blocks(enabled, monkeypatch, error):
    def broken(request, timeout):
        raise error

    monkeypatch.setattr(geocoding, "urlopen", broken)
    assert geocoding.geocode("2 rue des Tilleuls", commune("dijon")) is None


def test_no_address_no_call(enabled, monkeypatch):
    monkeypatch.setattr(geocoding, "urlopen", lambda *a, **k: pytest.fail("no call without address"))
    assert geocoding.geocode("  ", commune("dijon")) is None
