"""The OpenAPI schema of v1, and every endpoint driven from it with generated input."""

from pathlib import Path

import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from hypothesis import HealthCheck, settings

from tests.accounts.factories import host_member, probation_officer, referent
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.api.services import create_key
from tig.posts.enums import PostStatus, Registration

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi-v1.yaml"


def generated() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_committed_schema_is_the_generated_one():
    """v1 never breaks unseen: any change of the API changes docs/api/openapi-v1.yaml, which a
    review reads (`make api-schema` writes it). Within v1 only additions are allowed."""
    text = OpenApiYamlRenderer().render(generated(), renderer_context={}).decode()
    assert text == COMMITTED.read_text(), "Le schéma de l'API a changé : make api-schema, puis relire la différence."


def test_v1_keeps_every_path_and_field_of_its_first_version():
    committed = yaml.safe_load(COMMITTED.read_text())
    first = {
        "/api/v1/postes/": ["lieu", "rayon", "departement", "domaine", "page", "par_page"],
        "/api/v1/postes/{id}/": ["id"],
        "/api/v1/structures/": ["departement", "page", "par_page"],
        "/api/v1/communes/": ["q"],
    }
    for path, parameters in first.items():
        assert {parameter["name"] for parameter in committed["paths"][path]["get"]["parameters"]} >= set(parameters)
    result = committed["components"]["schemas"]["Result"]["properties"]
    assert {"id", "intitule", "distance_km", "places_disponibles", "commune", "departement"} <= set(result)


schema = schemathesis.openapi.from_dict(generated())
application = get_wsgi_application()


@pytest.fixture
def key(db):
    """An officer's key over a few posts, one of them a draft of another département, and a
    referent's draft with its tutor: what the key must never see."""
    dijon, macon = commune("dijon"), commune("macon")
    for index in range(3):
        PostFactory(commune=dijon, title=f"Poste {index}")
    hidden = OrganisationFactory(commune=macon)
    draft = PostFactory(
        organisation=hidden, title="Brouillon caché", status=PostStatus.DRAFT, registration=Registration.UNREGISTERED
    )
    tutor = host_member(hidden, role="tutor", email="tuteur.cache@example.org")
    draft.tutors.add(tutor)
    referent("71")
    _token, secret = create_key(probation_officer("21"), "schemathesis", 30)
    return secret, [draft.title, tutor.email]


@pytest.fixture(autouse=True)
def connection_kept():
    """The WSGI application closes the database connection at the end of each request: inside a
    test's transaction, as Django's test client does, it must not (PostgreSQL would lose it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def generous_limits(settings):
    settings.API_RATE_WITH_KEY = settings.API_RATE_ANONYMOUS = 100_000


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_no_input_breaks_the_api(case, key):
    key, never_seen = key
    from tig.api.models import ApiToken

    before = ApiToken.objects.count()
    # Uncompressed: the WSGI transport does not inflate what the gzip middleware compresses.
    headers = {"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"}
    response = case.call(app=application, headers=headers)
    assert response.status_code < 500, response.text
    # Not these two: valid-looking input may name no commune (a 400 the schema cannot foresee),
    # and the replay without a key reuses our header (test_api.py tests the refusal without one).
    excluded = [schemathesis.checks.positive_data_acceptance, schemathesis.checks.ignored_auth]
    case.validate_response(response, excluded_checks=excluded)
    assert ApiToken.objects.count() == before  # nothing written
    assert not any(text in response.text for text in never_seen)
