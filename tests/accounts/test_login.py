import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory, lawyer
from tig.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db


def log_in(client, email, password):
    return client.post("/connexion/", {"username": email, "password": password})


def test_login_by_email_whatever_its_case():
    user = lawyer(email="avocat@exemple.test")
    client = Client()
    response = log_in(client, "Avocat@Exemple.TEST ", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_says_so_in_french():
    lawyer(email="avocat@exemple.test")
    response = log_in(Client(), "avocat@exemple.test", "mauvais")
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.text


def test_lockout_after_five_failures_even_with_the_right_password(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    lawyer(email="avocat@exemple.test")
    client = Client()
    for _ in range(5):
        log_in(client, "avocat@exemple.test", "mauvais")
    response = log_in(client, "avocat@exemple.test", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives de connexion ont échoué pour cette adresse." in response.text
    assert re.search(r"Réessayez après \d\d:\d\d", response.text)
    # Failures while locked do not extend the lock.
    assert LoginFailure.objects.count() == 5


def test_a_login_without_a_password_does_not_reset_the_count(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    lawyer(email="avocat@exemple.test")
    for _ in range(2):
        log_in(Client(), "avocat@exemple.test", "mauvais")
    log_in(Client(), "avocat@exemple.test", "")
    assert "Trop de tentatives" in log_in(Client(), "avocat@exemple.test", PASSWORD).text


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Connexions simultanées : sur PostgreSQL")
def test_forty_wrong_passwords_at_once_check_no_more_than_the_limit(settings, monkeypatch):
    """The failure is counted and the lockout decided in one step: however many attempts
    arrive together, no more passwords are checked than the limit allows."""
    from django.contrib.auth.backends import ModelBackend
    from django.db import connections

    settings.LOGIN_FAILURE_LIMIT = 5
    lawyer(email="avocat@exemple.test")
    checked = []
    authenticate = ModelBackend.authenticate

    def counting(self, request, **credentials):
        checked.append(1)
        return authenticate(self, request, **credentials)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    barrier = threading.Barrier(40)

    def attempt():
        try:
            barrier.wait()
            log_in(Client(), "avocat@exemple.test", "mauvais")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= len(checked) <= 5
    assert LoginFailure.objects.count() <= 5


def test_the_lock_lifts_after_the_delay_and_success_clears_the_count(settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    lawyer(email="avocat@exemple.test")
    long_ago = timezone.now() - timedelta(minutes=16)
    LoginFailure.objects.bulk_create([LoginFailure(email="avocat@exemple.test", at=long_ago) for _ in range(3)])
    client = Client()
    assert log_in(client, "avocat@exemple.test", PASSWORD).status_code == 302
    assert not LoginFailure.objects.exists()


def test_the_lock_is_per_address():
    lawyer(email="avocat@exemple.test")
    other = lawyer(email="autre@exemple.test")
    client = Client()
    for _ in range(6):
        log_in(client, "avocat@exemple.test", "mauvais")
    assert log_in(Client(), other.email, PASSWORD).status_code == 302


def test_an_inactive_account_cannot_log_in():
    lawyer(email="avocat@exemple.test", is_active=False)
    response = log_in(Client(), "avocat@exemple.test", PASSWORD)
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.text


def test_logout_is_a_post():
    client = Client()
    client.force_login(lawyer())
    assert client.get("/deconnexion/").status_code == 405
    assert client.post("/deconnexion/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email_sent_by_a_task(mailoutbox, settings):
    settings.SITE_URL = "https://tig.example"
    user = UserFactory(email="cpip@exemple.test", first_name="Karim", last_name="Benali")
    client = Client()
    response = client.post("/mot-de-passe/oublie/", {"email": "CPIP@exemple.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["cpip@exemple.test"]
    assert message.subject == "Réinitialisation de votre mot de passe"
    link = re.search(r"https://tig\.example(/mot-de-passe/nouveau/\S+/)", message.body).group(1)

    page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in page.text
    new = "Un-nouveau-mot-de-passe-solide"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # The link works once.
    assert "Ce lien n'est plus valable" in client.get(link, follow=True).text


def test_password_reset_answers_the_same_for_an_unknown_address(mailoutbox):
    response = Client().post("/mot-de-passe/oublie/", {"email": "personne@exemple.test"})
    assert response.status_code == 302
    assert response["Location"] == "/mot-de-passe/oublie/envoye/"
    assert mailoutbox == []


def test_argon2_hashes_passwords_outside_tests(settings):
    """The settings' own hashers, without the fast one the test run puts first."""
    from tig.accounts.models import User

    settings.PASSWORD_HASHERS = [name for name in settings.PASSWORD_HASHERS if "MD5" not in name]
    user = User.objects.create_user("nouveau@exemple.test", "Un-mot-de-passe-solide", role="lawyer")
    assert user.password.startswith("argon2")
