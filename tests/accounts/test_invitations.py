import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.accounts.factories import (
    ServiceFactory,
    host_member,
    lawyer,
    national_admin,
    probation_officer,
    referent,
)
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune, departement
from tig.accounts.enums import Role, ServiceKind
from tig.accounts.models import Invitation, User, hash_token
from tig.organisations.models import Membership

pytestmark = pytest.mark.django_db

PASSWORD = "Un-mot-de-passe-solide-2026"


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Post the invitation form; the e-mail task runs once the transaction commits."""

    def post(client, **data):
        base = {"email": "nouvelle@exemple.test", "first_name": "Inès", "last_name": "Garnier"}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/invitations/nouvelle/", {**base, **data})

    return post


def accept_link(mailoutbox) -> str:
    return re.search(r"http://testserver(/invitation/\S+/)", mailoutbox[-1].body).group(1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def test_a_referent_invites_an_organisation_admin_who_accepts(
    client_for, mailoutbox, django_capture_on_commit_callbacks
):
    """Host staff are invited from their organisation's page; accepting makes the membership."""
    organisation = OrganisationFactory(commune=commune("dijon"))
    sender = referent("21", first_name="Julien", last_name="Moreau")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sender).post(
            f"/structures/{organisation.pk}/membres/ajouter/",
            {"email": "nouvelle@exemple.test", "first_name": "Inès", "last_name": "Garnier", "role": "admin"},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "Julien Moreau vous invite" in mailoutbox[0].body
    assert f"membre d'une structure d'accueil de {organisation.name}" in mailoutbox[0].body

    client = Client()
    link = accept_link(mailoutbox)
    page = client.get(link)
    assert page.status_code == 200
    assert "nouvelle@exemple.test" in page.text and organisation.name in html.unescape(page.text)
    done = client.post(
        link, {"first_name": "Inès", "last_name": "Garnier", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert done.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.test")
    assert user.role == Role.HOST_STAFF
    assert Membership.objects.get(user=user).organisation == organisation
    assert Membership.objects.get(user=user).role == "admin"
    assert client.session["_auth_user_id"] == str(user.pk)
    # The link is spent.
    assert Client().get(link).status_code == 410


def test_the_invitation_page_sends_host_staff_to_their_organisation(client_for, invite):
    client = client_for(national_admin())
    page = client.get("/invitations/nouvelle/").text
    assert "Gérer les membres" in page
    assert f'value="{Role.HOST_STAFF.value}"' not in page
    assert invite(client, role=Role.HOST_STAFF).status_code == 400
    assert not Invitation.objects.exists()


def test_the_link_is_made_by_the_task_and_never_stored_in_clear(client_for, mailoutbox, invite, settings):
    """The queued task carries the invitation's id only; the token exists in the e-mail alone."""
    from django_tasks_db.models import DBTaskResult

    from tig.accounts.tasks import send_invitation

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    invite(client_for(national_admin()), role=Role.LAWYER, bar="Lyon")
    invitation = Invitation.objects.get()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "tig.accounts.tasks.send_invitation"
    assert queued.args_kwargs == {"args": [invitation.pk], "kwargs": {}}
    assert mailoutbox == []

    send_invitation.call(invitation.pk)
    token = accept_link(mailoutbox).split("/")[2]
    invitation.refresh_from_db()
    assert token not in invitation.token_hash
    assert Invitation.objects.filter(token_hash=hash_token(token)).exists()
    assert not any(token in str(result.args_kwargs) for result in DBTaskResult.objects.all())


def test_an_expired_invitation_cannot_be_used_and_can_be_sent_again(client_for, mailoutbox, invite):
    sender = national_admin()
    invite(client_for(sender), role=Role.LAWYER, bar="Lyon")
    link = accept_link(mailoutbox)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post(link, {"first_name": "I", "last_name": "G", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert "Elle a expiré le" in response.text
    assert not User.objects.filter(email="nouvelle@exemple.test").exists()

    client_for(sender).post(f"/invitations/{Invitation.objects.get().pk}/renvoyer/")
    new_link = accept_link(mailoutbox)
    assert new_link != link
    assert Client().get(link).status_code == 404
    assert Client().get(new_link).status_code == 200


def test_a_forged_token_is_a_404():
    assert Client().get("/invitation/nimportequoi/").status_code == 404


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        (
            {"role": Role.PROBATION_OFFICER},
            "Choisissez un service de type « Service pénitentiaire d&#x27;insertion et de probation ».",
        ),
        ({"role": Role.MAGISTRATE}, "Indiquez la fonction du magistrat ou du greffier."),
        ({"role": Role.LAWYER}, "Indiquez le barreau de l&#x27;avocat."),
        ({"role": Role.HOST_STAFF}, "Sélectionnez un choix valide"),
        ({"role": "pirate"}, "Sélectionnez un choix valide"),
        (
            {"role": Role.LAWYER, "bar": "Lyon", "email": "pas-une-adresse"},
            "Saisissez une adresse de courriel valide.",
        ),
    ],
)
def test_incomplete_invitations_are_refused(client_for, mailoutbox, data, field_message, invite):
    response = invite(client_for(referent("21")), **data)
    assert response.status_code == 400
    assert field_message in response.text
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_a_referent_cannot_invite_a_national_admin_or_a_referent(client_for, invite):
    client = client_for(referent("21"))
    for role in (Role.NATIONAL_ADMIN, Role.REFERENT):
        response = invite(client, role=role, departements=["21"])
        assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_a_referent_cannot_attach_people_to_another_departement(client_for, invite):
    lille_spip = ServiceFactory(kind=ServiceKind.SPIP, name="SPIP du Nord", departement=departement("59"))
    lille_organisation = OrganisationFactory(commune=commune("lille"))
    client = client_for(referent("21"))
    assert invite(client, role=Role.PROBATION_OFFICER, service=lille_spip.pk).status_code == 400
    members = f"/structures/{lille_organisation.pk}/membres/ajouter/"
    data = {"email": "nouvelle@exemple.test", "first_name": "I", "last_name": "G", "role": "admin"}
    assert client.post(members, data).status_code == 403
    assert not Invitation.objects.exists()


def test_a_national_admin_invites_a_referent_with_departements(client_for, mailoutbox, invite):
    departement("21")
    departement("71")
    assert invite(client_for(national_admin()), role=Role.REFERENT, departements=["21", "71"]).status_code == 302
    Client().post(
        accept_link(mailoutbox),
        {"first_name": "I", "last_name": "G", "password1": PASSWORD, "password2": PASSWORD},
    )
    user = User.objects.get(email="nouvelle@exemple.test")
    assert user.referent_departement_codes == {"21", "71"}


def test_an_existing_account_or_pending_invitation_is_refused(client_for, invite):
    lawyer(email="deja@exemple.test")
    client = client_for(national_admin())
    assert (
        "Un compte existe déjà pour cette adresse."
        in invite(client, email="deja@exemple.test", role=Role.LAWYER, bar="Lyon").text
    )
    invite(client, role=Role.LAWYER, bar="Lyon")
    assert "Une invitation est déjà en attente pour cette adresse." in invite(client, role=Role.LAWYER, bar="Lyon").text


@pytest.mark.parametrize("make_user", [lawyer, probation_officer, lambda: host_member(OrganisationFactory())])
def test_only_admins_and_referents_invite(client_for, make_user, invite):
    client = client_for(make_user())
    assert client.get("/invitations/").status_code == 403
    assert invite(client, role=Role.LAWYER, bar="Lyon").status_code == 403
    assert not Invitation.objects.exists()


def test_the_new_password_must_be_strong_and_confirmed(client_for, mailoutbox, invite):
    invite(client_for(national_admin()), role=Role.LAWYER, bar="Lyon")
    link = accept_link(mailoutbox)
    weak = Client().post(link, {"first_name": "I", "last_name": "G", "password1": "12345678", "password2": "12345678"})
    assert "Ce mot de passe est trop court" in weak.text
    different = Client().post(
        link, {"first_name": "I", "last_name": "G", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert "Les deux mots de passe ne correspondent pas." in different.text
    assert not User.objects.filter(email="nouvelle@exemple.test").exists()


def test_a_referent_sees_only_their_invitations(client_for, invite):
    first, second = referent("21"), referent("21")
    invite(client_for(first), role=Role.LAWYER, bar="Lyon", email="a@exemple.test")
    invite(client_for(second), role=Role.LAWYER, bar="Lyon", email="b@exemple.test")
    page = client_for(first).get("/invitations/").text
    assert "a@exemple.test" in page and "b@exemple.test" not in page
    other = Invitation.objects.get(email="b@exemple.test")
    assert client_for(first).post(f"/invitations/{other.pk}/renvoyer/").status_code == 404
