"""An organisation's administrators manage its members; a tutor cannot; the last
administrator stays."""

import html

import pytest

from tests.accounts.factories import host_member, lawyer, magistrate, national_admin, referent
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune
from tig.accounts.enums import Role
from tig.accounts.models import Invitation
from tig.audit.models import AuditEntry, Operation
from tig.notifications.models import Notification
from tig.organisations import services
from tig.organisations.enums import MembershipRole
from tig.organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")


@pytest.fixture
def admin(organisation):
    return host_member(organisation, first_name="Laurence", last_name="Bernard")


def members_url(organisation, *rest):
    return "/".join([f"/structures/{organisation.pk}/membres", *rest, ""])


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


class TestPage:
    def test_the_admin_sees_members_and_pending_invitations(self, client_for, organisation, admin):
        tutor = host_member(organisation, role=MembershipRole.TUTOR, first_name="Jean", last_name="Petit")
        client = client_for(admin)
        client.post(
            members_url(organisation, "ajouter"),
            {"email": "nouveau@ville.test", "first_name": "Léa", "last_name": "Roux", "role": "tutor"},
        )
        page = client.get(members_url(organisation))
        assert page.status_code == 200
        text = html.unescape(page.text)
        assert "Laurence Bernard (vous)" in text and tutor.email in text
        assert "Léa Roux <nouveau@ville.test> — tuteur" in text
        assert "Gérer les membres" in client.get(f"/structures/{organisation.pk}/").text

    @pytest.mark.parametrize("who", ["tutor", "other_admin", "lawyer", "magistrate", "other_referent"])
    def test_others_are_refused(self, client_for, organisation, admin, who):
        other = OrganisationFactory(commune=commune("lille"))
        user = {
            "tutor": lambda: host_member(organisation, role=MembershipRole.TUTOR),
            "other_admin": lambda: host_member(other),
            "lawyer": lawyer,
            "magistrate": magistrate,
            "other_referent": lambda: referent("59"),
        }[who]()
        client = client_for(user)
        target = membership(admin, organisation)
        expected = 404 if who == "other_admin" else 403
        assert client.get(members_url(organisation)).status_code == expected
        assert client.get(members_url(organisation, "ajouter")).status_code == expected
        invite = {"email": "x@y.test", "first_name": "X", "last_name": "Y", "role": "admin"}
        assert client.post(members_url(organisation, "ajouter"), invite).status_code == expected
        role = client.post(members_url(organisation, str(target.pk), "role"), {f"m{target.pk}-role": "tutor"})
        assert role.status_code == expected
        assert client.post(members_url(organisation, str(target.pk), "retirer")).status_code == expected
        assert membership(admin, organisation).role == MembershipRole.ADMIN
        assert not Invitation.objects.exists()
        if who == "tutor":  # the tutor's page does not offer what they cannot do
            assert "Gérer les membres" not in client.get(f"/structures/{organisation.pk}/").text

    def test_the_referent_and_the_agency_manage_members(self, client_for, organisation, admin):
        tutor = host_member(organisation, role=MembershipRole.TUTOR)
        for user in (referent("21"), national_admin()):
            assert client_for(user).get(members_url(organisation)).status_code == 200
        target = membership(tutor, organisation)
        client_for(referent("21")).post(
            members_url(organisation, str(target.pk), "role"), {f"m{target.pk}-role": "admin"}
        )
        assert membership(tutor, organisation).role == MembershipRole.ADMIN


class TestInvitations:
    def test_a_new_person_is_invited_by_email(
        self, client_for, organisation, admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(admin).post(
                members_url(organisation, "ajouter"),
                {"email": "Tuteur@Ville.test", "first_name": "Marc", "last_name": "Noir", "role": "tutor"},
            )
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        assert invitation.email == "tuteur@ville.test" and invitation.membership_offer.organisation == organisation
        assert invitation.role == Role.HOST_STAFF and invitation.membership_offer.role == MembershipRole.TUTOR
        assert invitation.created_by == admin
        assert mailoutbox[-1].to == ["tuteur@ville.test"] and "Ville de Dijon" in mailoutbox[-1].body

    def test_an_existing_host_account_is_invited_and_joins_only_once_it_accepts(
        self, client_for, organisation, admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        elsewhere = host_member(OrganisationFactory(commune=commune("dijon")), role=MembershipRole.TUTOR)
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(admin).post(
                members_url(organisation, "ajouter"),
                {"email": elsewhere.email.upper(), "first_name": "X", "last_name": "Y", "role": "tutor"},
                follow=True,
            )
        # The same answer as for a new address; nothing attached yet.
        assert f"Une invitation a été envoyée à {elsewhere.email}" in html.unescape(response.text)
        assert not Membership.objects.filter(user=elsewhere, organisation=organisation).exists()
        assert not Invitation.objects.exists()
        assert elsewhere.email in client_for(admin).get(members_url(organisation)).text
        offer = elsewhere.membership_proposals.get()
        assert mailoutbox[-1].to == [elsewhere.email] and f"/structures/invitations/{offer.pk}/" in mailoutbox[-1].body
        # Nobody else may open or answer it.
        other = client_for(host_member(organisation, role=MembershipRole.TUTOR))
        assert other.get(f"/structures/invitations/{offer.pk}/").status_code == 404
        assert other.post(f"/structures/invitations/{offer.pk}/", {"reponse": "accepter"}).status_code == 404
        client = client_for(elsewhere)
        assert "Accepter" in client.get(f"/structures/invitations/{offer.pk}/").text
        client.post(f"/structures/invitations/{offer.pk}/", {"reponse": "accepter"})
        assert membership(elsewhere, organisation).role == MembershipRole.TUTOR
        assert Notification.objects.filter(user=admin, title__contains="a accepté de rejoindre Ville de Dijon").exists()
        # Spent: a second answer changes nothing.
        again = client.post(f"/structures/invitations/{offer.pk}/", {"reponse": "refuser"}, follow=True)
        assert "plus valable" in html.unescape(again.text) and membership(elsewhere, organisation)

    def test_a_declined_invitation_gives_no_access(self, client_for, organisation, admin):
        elsewhere = host_member(OrganisationFactory(), role=MembershipRole.ADMIN)
        services.invite_member(admin, organisation, {"email": elsewhere.email, "role": "admin"})
        offer = elsewhere.membership_proposals.get()
        client_for(elsewhere).post(f"/structures/invitations/{offer.pk}/", {"reponse": "refuser"})
        offer.refresh_from_db()
        assert offer.accepted is False and not Membership.objects.filter(user=elsewhere, organisation=organisation)
        # It can be proposed again, once.
        services.invite_member(admin, organisation, {"email": elsewhere.email, "role": "admin"})
        with pytest.raises(services.Refused, match="déjà en attente"):
            services.invite_member(admin, organisation, {"email": elsewhere.email, "role": "admin"})

    @pytest.mark.parametrize(
        ("make_existing", "message"),
        [
            # The organisation learns nothing of an account it cannot be given: one answer.
            (lambda org: magistrate(email="juge@justice.test"), services.NOT_GRANTABLE),
            (lambda org: host_member(org, email="juge@justice.test"), "est déjà membre de la structure"),
            (
                lambda org: host_member(OrganisationFactory(), email="juge@justice.test", is_active=False),
                services.NOT_GRANTABLE,
            ),
        ],
    )
    def test_refusals_are_explained(self, client_for, organisation, admin, make_existing, message):
        make_existing(organisation)
        response = client_for(admin).post(
            members_url(organisation, "ajouter"),
            {"email": "juge@justice.test", "first_name": "X", "last_name": "Y", "role": "admin"},
        )
        assert response.status_code == 400
        assert message in html.unescape(response.text)
        assert Membership.objects.filter(organisation=organisation).count() == (1 + ("déjà membre" in message))

    def test_a_pending_invitation_is_not_sent_twice(self, client_for, organisation, admin):
        data = {"email": "tuteur@ville.test", "first_name": "Marc", "last_name": "Noir", "role": "tutor"}
        client = client_for(admin)
        assert client.post(members_url(organisation, "ajouter"), data).status_code == 302
        response = client.post(members_url(organisation, "ajouter"), data)
        assert response.status_code == 400 and "déjà en attente" in html.unescape(response.text)
        assert Invitation.objects.count() == 1

    def test_a_bad_role_is_refused(self, client_for, organisation, admin):
        data = {"email": "tuteur@ville.test", "first_name": "Marc", "last_name": "Noir", "role": "president"}
        response = client_for(admin).post(members_url(organisation, "ajouter"), data)
        assert response.status_code == 400 and not Invitation.objects.exists()


class TestRolesAndRemoval:
    def test_the_admin_promotes_and_removes(self, client_for, organisation, admin):
        tutor = host_member(organisation, role=MembershipRole.TUTOR)
        target = membership(tutor, organisation)
        client = client_for(admin)
        client.post(members_url(organisation, str(target.pk), "role"), {f"m{target.pk}-role": "admin"})
        assert membership(tutor, organisation).role == MembershipRole.ADMIN
        assert AuditEntry.objects.filter(
            operation=Operation.UPDATE, object_type="organisations.membership", actor_id=admin.pk
        ).exists()
        # « Retirer » asks first: the page names the person and removes nothing.
        members_page = client.get(members_url(organisation)).text
        assert f'href="{members_url(organisation, str(target.pk), "retirer")}"' in members_page
        confirm = client.get(members_url(organisation, str(target.pk), "retirer"))
        assert f"Retirer {tutor.get_full_name()} de Ville de Dijon" in html.unescape(confirm.text)
        assert Membership.objects.filter(pk=target.pk).exists()
        response = client.post(members_url(organisation, str(target.pk), "retirer"))
        assert response.status_code == 302
        assert not Membership.objects.filter(pk=target.pk).exists()
        # The account stays, with access to nothing of the organisation.
        tutor.refresh_from_db()
        assert tutor.is_active
        assert client_for(tutor).get(f"/structures/{organisation.pk}/").status_code == 404

    def test_the_last_admin_cannot_be_demoted_or_removed(self, client_for, organisation, admin):
        host_member(organisation, role=MembershipRole.TUTOR)
        target = membership(admin, organisation)
        client = client_for(admin)
        response = client.post(
            members_url(organisation, str(target.pk), "role"), {f"m{target.pk}-role": "tutor"}, follow=True
        )
        assert "dernier administrateur" in html.unescape(response.text)
        response = client.post(members_url(organisation, str(target.pk), "retirer"), follow=True)
        assert "dernier administrateur" in html.unescape(response.text)
        assert membership(admin, organisation).role == MembershipRole.ADMIN

    def test_an_inactive_admin_does_not_count(self, client_for, organisation, admin):
        host_member(organisation, is_active=False)
        target = membership(admin, organisation)
        client_for(admin).post(members_url(organisation, str(target.pk), "retirer"))
        assert Membership.objects.filter(pk=target.pk).exists()

    def test_an_admin_who_steps_down_leaves_the_members_page(self, client_for, organisation, admin):
        host_member(organisation)
        target = membership(admin, organisation)
        response = client_for(admin).post(
            members_url(organisation, str(target.pk), "role"), {f"m{target.pk}-role": "tutor"}
        )
        assert response.status_code == 302 and response.url == f"/structures/{organisation.pk}/"
        assert membership(admin, organisation).role == MembershipRole.TUTOR

    def test_a_membership_of_another_organisation_cannot_be_reached(self, client_for, organisation, admin):
        other = OrganisationFactory(commune=commune("dijon"))
        stranger = host_member(other, role=MembershipRole.TUTOR)
        target = membership(stranger, other)
        response = client_for(admin).post(members_url(organisation, str(target.pk), "retirer"), follow=True)
        assert "n'est plus membre" in html.unescape(response.text)
        assert Membership.objects.filter(pk=target.pk).exists()

    def test_an_unknown_role_is_refused(self, client_for, organisation, admin):
        tutor = host_member(organisation, role=MembershipRole.TUTOR)
        target = membership(tutor, organisation)
        response = client_for(admin).post(
            members_url(organisation, str(target.pk), "role"), {f"m{target.pk}-role": "president"}, follow=True
        )
        assert "Choisissez un rôle" in html.unescape(response.text)
        assert membership(tutor, organisation).role == MembershipRole.TUTOR
