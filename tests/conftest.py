import pytest
from django.core.cache import cache
from django.test import Client

from tests.accounts.factories import magistrate, probation_officer, spip_director
from tig.accounts.enums import MagistrateFunction
from tig.api import throttling


@pytest.fixture
def client_for(db):
    """A test client logged in as the given user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded documents go to a temporary directory."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "documents"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the département list, the menus…) and no request
    counted by the API's limit, as a server starts."""
    cache.clear()
    throttling.counter.forget()


@pytest.fixture
def team():
    """An officer and the director of the Dijon SPIP, the JAP and the prosecutor of the tribunal."""
    officer = probation_officer("21")
    return {
        "officer": officer,
        "director": spip_director("21"),
        "jap": magistrate(MagistrateFunction.JAP),
        "prosecutor": magistrate(MagistrateFunction.PROSECUTOR),
    }
