"""An organisation signs up with its first administrator, who confirms their address."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import PASSWORD, host_member, referent
from tests.organisations.factories import OrganisationFactory, experiment
from tests.territories.factories import commune
from tig.accounts.enums import Role
from tig.accounts.models import User
from tig.audit.models import AuditEntry, Operation
from tig.notifications.models import Notification
from tig.organisations.enums import MembershipRole
from tig.organisations.models import Membership, Organisation, SignUp
from tig.organisations.tasks import purge_signups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def places():
    commune("dijon")
    commune("paris")


def signup_data(**overrides):
    data = {
        "name": "Association des Jardins du Suzon",
        "siret": "732 829 320 00074",
        "legal_type": "association",
        "address": "3 rue du Suzon",
        "commune": "Dijon (21)",
        "organisation_email": "contact@jardins.test",
        "first_name": "Claire",
        "last_name": "Fontaine",
        "email": "Claire.Fontaine@jardins.test",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **overrides}


def sign_up(client, mailoutbox, capture, **overrides):
    with capture(execute=True):
        response = client.post("/structures/inscription/", signup_data(**overrides))
    assert response.status_code == 302, html.unescape(response.text)
    link = re.search(r"http://[^\s]+/inscription/confirmer/[^\s]+/", mailoutbox[-1].body).group(0)
    return link.removeprefix("http://127.0.0.1:8000")


def test_nothing_exists_before_the_address_is_confirmed(client, mailoutbox, django_capture_on_commit_callbacks):
    dijon_referent = referent("21")
    sign_up(client, mailoutbox, django_capture_on_commit_callbacks)

    assert not Organisation.objects.exists()
    assert not User.objects.filter(email="claire.fontaine@jardins.test").exists()
    signup = SignUp.objects.get()
    assert signup.password != PASSWORD and signup.password.startswith(("argon2", "pbkdf2", "scrypt", "md5"))
    assert mailoutbox[-1].to == ["claire.fontaine@jardins.test"]
    assert not Notification.objects.filter(user=dijon_referent).exists()


def test_confirming_creates_the_organisation_its_admin_and_tells_the_referent(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    dijon_referent, paris_referent = referent("21"), referent("75")
    link = sign_up(client, mailoutbox, django_capture_on_commit_callbacks)

    page = client.get(link)  # a mail scanner following the link confirms nothing
    assert page.status_code == 200 and "Confirmer et créer" in page.text
    assert not Organisation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    organisation = Organisation.objects.get()
    assert response.status_code == 302 and response.url == f"/structures/{organisation.pk}/"
    assert organisation.siret == "73282932000074" and organisation.commune.name == "Dijon"
    admin = User.objects.get(email="claire.fontaine@jardins.test")
    assert admin.role == Role.HOST_STAFF and admin.check_password(PASSWORD)
    assert Membership.objects.get(user=admin).role == MembershipRole.ADMIN
    assert not SignUp.objects.exists()
    # Signed in: the organisation's page opens.
    assert client.get(f"/structures/{organisation.pk}/").status_code == 200
    # The referent of the département hears of it, not another one.
    assert Notification.objects.filter(user=dijon_referent, title__contains="Jardins du Suzon").exists()
    assert not Notification.objects.filter(user=paris_referent).exists()
    # The organisation's creation is the admin's in the audit log.
    assert AuditEntry.objects.filter(
        operation=Operation.CREATE, object_type="organisations.organisation", actor_id=admin.pk
    ).exists()
    # The link is spent.
    assert client.post(link).status_code == 410


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"siret": "732 829 320 00075"}, "siret", "clé de contrôle"),
        ({"commune": "Atlantide"}, "commune", "Atlantide"),
        ({"legal_type": "societe_a_mission"}, "legal_type", "expérimentation"),
        ({"password2": "Autre-mot-de-passe-2026"}, "password2", "ne correspondent pas"),
        ({"password1": "123", "password2": "123"}, "password1", "trop court"),
        ({"email": "pas-une-adresse"}, "email", "adresse de courriel valide"),
        ({"name": ""}, "name", "obligatoire"),
    ],
)
def test_bad_input_is_refused_in_french_and_saves_nothing(client, mailoutbox, overrides, field, message):
    response = client.post("/structures/inscription/", signup_data(**overrides))
    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert field in response.context["form"].errors
    assert not SignUp.objects.exists() and not mailoutbox


def test_a_societe_a_mission_signs_up_in_an_experimental_departement(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    experiment("75")
    sign_up(
        client, mailoutbox, django_capture_on_commit_callbacks, legal_type="societe_a_mission", commune="Paris (75)"
    )
    assert SignUp.objects.get().legal_type == "societe_a_mission"


def test_an_organisation_already_registered_is_sent_to_its_admins(client, mailoutbox):
    OrganisationFactory(siret="73282932000074")
    response = client.post("/structures/inscription/", signup_data())
    assert response.status_code == 400
    assert "demandez à l'un de ses administrateurs de vous inviter" in html.unescape(response.text)


def test_an_address_with_an_account_is_not_told_apart_on_the_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    existing = host_member(OrganisationFactory(), email="claire.fontaine@jardins.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/structures/inscription/", signup_data())
    assert response.status_code == 302 and response.url == "/structures/inscription/envoyee/"
    # The mail, not the page, says the account exists; the sign-up is dropped.
    assert "a déjà un compte" in mailoutbox[-1].body and "/inscription/confirmer/" not in mailoutbox[-1].body
    assert not SignUp.objects.exists()
    assert User.objects.get(email=existing.email).memberships.count() == 1


def test_the_first_confirmation_wins(client, mailoutbox, django_capture_on_commit_callbacks):
    first = sign_up(client, mailoutbox, django_capture_on_commit_callbacks)
    second = sign_up(
        client, mailoutbox, django_capture_on_commit_callbacks, email="paul.martin@jardins.test", first_name="Paul"
    )
    client.post(first)
    client.logout()
    response = client.post(second)
    assert response.status_code == 410
    assert "inscrite avec ce SIRET entre-temps" in html.unescape(response.text)
    assert Organisation.objects.count() == 1 and not User.objects.filter(email="paul.martin@jardins.test").exists()


def test_an_expired_link_is_refused_and_purged(client, mailoutbox, django_capture_on_commit_callbacks):
    link = sign_up(client, mailoutbox, django_capture_on_commit_callbacks)
    SignUp.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.post(link).status_code == 410
    assert not Organisation.objects.exists()
    assert purge_signups.call() == 1
    assert not SignUp.objects.exists()
    assert AuditEntry.objects.filter(operation=Operation.DELETE, object_type="organisations.signup").exists()


def test_an_unknown_link_is_refused(client):
    assert client.get("/structures/inscription/confirmer/inconnu/").status_code == 410


def test_a_signed_in_user_is_not_offered_the_form(client_for):
    response = client_for(referent("21")).get("/structures/inscription/")
    assert response.status_code == 302 and response.url == "/"


def test_a_second_sign_up_with_the_same_address_cancels_nothing(client, mailoutbox, django_capture_on_commit_callbacks):
    """Someone else typing the same address must not cancel a pending sign-up: both links work
    until one is confirmed, which makes the other one useless (the address then has an account)."""
    first = sign_up(client, mailoutbox, django_capture_on_commit_callbacks)
    second = sign_up(Client(), mailoutbox, django_capture_on_commit_callbacks, name="Jardins du Suzon (bis)")
    assert SignUp.objects.count() == 2
    assert Client().post(first).status_code == 302
    assert Organisation.objects.get().name != "Jardins du Suzon (bis)"
    assert Client().post(second).status_code == 410


def test_sign_ups_waiting_for_one_address_are_capped(client, mailoutbox, django_capture_on_commit_callbacks, settings):
    for index in range(settings.SIGNUP_MAX_PENDING + 2):
        sign_up(Client(), mailoutbox, django_capture_on_commit_callbacks, name=f"Jardins {index}")
    assert SignUp.objects.count() == settings.SIGNUP_MAX_PENDING
