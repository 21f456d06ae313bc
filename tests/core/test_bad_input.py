"""Hostile or malformed input never gets a 500 (run on SQLite and on PostgreSQL, where a NUL
byte in a query is an error of its own)."""

import pytest

from tests.accounts.factories import host_member, national_admin
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

NASTY = [
    "\x00",
    "a\x00b",
    "%",
    "_",
    "'; DROP TABLE posts_post; --",
    "Dijon" * 500,
    "𝔇𝔦𝔧𝔬𝔫",
    "nan",
    "inf",
    "-1e400",
    " ",
    "21\x00000",
]


@pytest.fixture
def world():
    dijon = commune("dijon")
    organisation = OrganisationFactory(commune=dijon)
    post = PostFactory(organisation=organisation)
    return organisation, post


def allowed(response, *codes):
    """The answer, or the « requête invalide » page for a NUL byte."""
    return response.status_code in codes or (response.status_code == 400 and "Requête invalide" in response.text)


@pytest.mark.parametrize("value", NASTY)
def test_search_endpoints(client_for, world, value):
    client = client_for(national_admin())
    for params in (
        {"lieu": value},
        {"lieu": "Dijon", "rayon": value},
        {"lieu": "Dijon", "page": value},
        {"departement": value},
        {"lieu": "Dijon", "domaine": value},
        {"lieu": "Dijon", "mesure": value},
        {"lieu": "Dijon", "vue": value},
    ):
        assert allowed(client.get("/postes/", params), 200), params
        assert allowed(client.get("/postes/carte.json", params), 200, 404), params
    assert allowed(client.get("/postes/carte/lieu/", {"lieu": "Dijon", "lat": value, "lon": value, "bloc": value}), 404)
    assert allowed(client.get("/communes/suggestions/", {"lieu": value}), 200)
    assert allowed(client.get("/structures/", {"q": value}), 200)
    assert allowed(client.get("/journal/", {"actor": value, "object_type": value, "start": value}), 200)
    assert allowed(client.get("/postes/nouveau/", {"structure": value}), 404)


@pytest.mark.parametrize("value", NASTY)
def test_forms(client_for, world, value):
    organisation, post = world
    admin = host_member(organisation)
    client = client_for(admin)
    data = {
        "title": value,
        "domain": value,
        "tasks": value,
        "commune": value,
        "places_offered": value,
        "places_taken": value,
        "mon_start": value,
        "status": value,
    }
    assert allowed(client.post(f"/postes/{post.pk}/modifier/", data), 400)
    assert allowed(
        client.post(f"/structures/{organisation.pk}/modifier/", {"name": value, "siret": value, "commune": value}), 400
    )
    assert allowed(client.post("/compte/", {"first_name": value, "last_name": value}), 200, 302)


@pytest.mark.parametrize("value", NASTY)
def test_login_and_invitation(client, db, value):
    assert allowed(client.post("/connexion/", {"username": value, "password": value}), 200)
    assert allowed(client.post("/mot-de-passe/oublie/", {"email": value}), 200, 302)
    assert client.get(f"/invitation/{value.replace('/', '')}x/").status_code == 404


def test_a_nul_byte_is_refused_before_any_query(client_for, django_assert_max_num_queries):
    client = client_for(national_admin())
    with django_assert_max_num_queries(3):  # the session, its user, the header's unread notifications
        response = client.get("/structures/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "Requête invalide" in response.text
