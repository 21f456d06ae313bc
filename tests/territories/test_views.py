import pytest

from tests.accounts.factories import lawyer
from tests.territories.factories import commune


@pytest.mark.django_db
def test_autocomplete_gives_datalist_options(client_for):
    commune("dijon")
    commune("chenove")
    response = client_for(lawyer()).get("/communes/suggestions/", {"lieu": "dij"})
    assert response.status_code == 200
    assert '<option value="Dijon (21)">21000</option>' in response.text
    assert "Chenôve" not in response.text


@pytest.mark.django_db
def test_autocomplete_needs_two_characters(client_for):
    commune("dijon")
    response = client_for(lawyer()).get("/communes/suggestions/", {"lieu": "d"})
    assert response.status_code == 200
    assert "option" not in response.text


@pytest.mark.django_db
def test_autocomplete_is_open_to_an_organisation_signing_up(client):
    commune("dijon")
    response = client.get("/communes/suggestions/", {"commune": "dij"})
    assert response.status_code == 200
    assert 'value="Dijon (21)"' in response.text
