import gzip
import subprocess
import sys

import pytest
from django.conf import settings

from tests.accounts.factories import host_member, lawyer, national_admin, referent
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_for_visitors_invites_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "La plateforme du travail d'intérêt général" in response.text
    assert 'href="/connexion/"' in response.text


def test_home_shows_what_each_role_needs(client_for):
    assert "Journal des opérations" in client_for(national_admin()).get("/").text
    referent_home = client_for(referent("21")).get("/").text
    assert "Invitations" in referent_home and "Journal des opérations" not in referent_home
    host_home = client_for(host_member(OrganisationFactory())).get("/").text
    assert "Ma structure" in host_home and "Invitations" not in host_home
    lawyer_home = client_for(lawyer()).get("/").text
    assert "Rechercher" in lawyer_home and "Ma structure" not in lawyer_home


@pytest.mark.parametrize("url", ["/accessibilite/", "/mentions-legales/", "/donnees-personnelles/"])
def test_public_pages(client, url):
    assert client.get(url).status_code == 200


def test_the_favicon_is_served_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/favicon.ico")
    assert 'rel="icon"' in client.get("/").text


def test_health(client):
    response = client.get("/sante/")
    assert response.content == b"ok"


def test_content_security_policy_with_a_nonce_on_every_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert "script-src 'self' 'nonce-" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    scripts = response.text.count("<script")
    assert scripts >= 2
    assert response.text.count(f'nonce="{nonce}"') == scripts


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_not_found_page_is_in_french(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text


def _settings_in(env: dict) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_refuses_the_development_secret():
    result = _settings_in({"TIG_ENV": "production", "ALLOWED_HOSTS": "tig.justice.gouv.fr"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_needs_its_host_names():
    result = _settings_in({"TIG_ENV": "production", "SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_turns_on_secure_cookies_https_and_hsts():
    result = _settings_in({"TIG_ENV": "production", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "tig.justice.gouv.fr"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "31536000", "True", "False"]


def test_development_is_plain_http():
    result = _settings_in({"TIG_ENV": "development"})
    assert result.stdout.split() == ["False", "False", "0", "False", "True"]


def test_a_malformed_boolean_is_a_configuration_error():
    result = _settings_in({"TIG_ENV": "development", "DEBUG": "peut-être"})
    assert result.returncode != 0
    assert "neither true nor false" in result.stderr


def test_an_expired_session_sends_htmx_to_the_login_page(client):
    response = client.get("/postes/", {"lieu": "Dijon"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/connexion/?next=/postes/%3Flieu%3DDijon"
    assert client.get("/postes/", {"lieu": "Dijon"}).status_code == 302


def test_production_settings_pass_django_deployment_checks():
    """`check --deploy` gives no warning (docs/deploiement.md explains the one silenced)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            "PATH": "/usr/bin:/bin",
            "TIG_ENV": "production",
            "SECRET_KEY": "une-clé-de-test-qui-ne-sert-que-pour-ce-contrôle-" + "k" * 20,
            "ALLOWED_HOSTS": "tig.justice.gouv.fr",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip, deflate"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "La plateforme du travail d'intérêt général" in gzip.decompress(response.content).decode()
    assert "Content-Encoding" not in client.get("/").headers
