"""The partnerships' steps (tig/partnerships/services.py), the network's figures (network.py),
what follows by itself (signals.py) and the alert before an agreement expires (reminders.py)."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.accounts.factories import national_admin, referent
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import AgreementFactory, PartnerFactory, coordinator_of
from tests.posts.factories import PostFactory
from tests.territories.factories import commune, departement
from tig.accounts import services as accounts
from tig.accounts.enums import Role
from tig.accounts.models import Invitation
from tig.core.exceptions import Refused
from tig.notifications.models import Notification
from tig.notifications.reminders import run
from tig.organisations.validators import LA_POSTE_SIREN
from tig.partnerships import network, services
from tig.partnerships.enums import AgreementState, LinkMethod
from tig.partnerships.models import Agreement, Branch, Coordinator, Exclusion, Partner, current_agreement
from tig.partnerships.reminders import AgreementExpiryReminder

pytestmark = pytest.mark.django_db

SIREN = "552049447"  # a valid SIREN (Luhn)


def siret(siren: str, tail: str = "0001") -> str:
    """A SIRET of this SIREN whose checksum is valid."""
    from tig.organisations.validators import luhn_valid

    body = siren + tail
    return next(body + check for check in "0123456789" if luhn_valid(body + check))


class TestNetworkBySiren:
    def test_the_partner_s_siren_brings_its_registered_establishments(self):
        mine = [OrganisationFactory(siret=siret(SIREN, f"000{n}")) for n in range(1, 4)]
        elsewhere = OrganisationFactory()
        partner = PartnerFactory.build(siren=SIREN)
        assert services.save_partner(national_admin(), partner) == 3
        assert set(Branch.objects.filter(partner=partner).values_list("organisation_id", flat=True)) == {
            organisation.pk for organisation in mine
        }
        assert not Branch.objects.filter(organisation=elsewhere).exists()
        assert {branch.method for branch in Branch.objects.all()} == {LinkMethod.SIREN}

    def test_an_organisation_signing_up_later_joins_by_itself(self):
        partner = PartnerFactory(siren=LA_POSTE_SIREN)
        organisation = OrganisationFactory(siret=LA_POSTE_SIREN + "00010")  # La Poste's own rule
        assert organisation.partner_branch.partner == partner

    def test_one_taken_out_by_hand_is_not_brought_back(self):
        admin = national_admin()
        organisation = OrganisationFactory(siret=siret(SIREN))
        partner = PartnerFactory(siren=SIREN)
        services.link_by_siren(partner, admin)
        services.unlink_organisation(admin, organisation.partner_branch)
        assert Exclusion.objects.filter(partner=partner, organisation=organisation).exists()
        assert services.link_by_siren(partner, admin) == 0
        # Brought back by hand, it is in again, and no longer excluded.
        services.link_organisation(admin, partner, organisation.siret)
        assert not Exclusion.objects.exists()

    def test_only_the_agency_keeps_the_partners(self):
        with pytest.raises(Refused):
            services.save_partner(referent("21"), PartnerFactory.build())
        assert not Partner.objects.exists()

    @pytest.mark.parametrize("bad", ["55204944", "552049448", "ABCDEFGHI"])
    def test_a_wrong_siren_is_refused_in_french(self, bad):
        with pytest.raises(Refused, match="SIREN"):
            services.save_partner(national_admin(), PartnerFactory.build(siren=bad))
        assert not Partner.objects.exists()


class TestLinkByHand:
    def test_a_referent_links_in_their_departements_only(self):
        partner = PartnerFactory()
        dijon = OrganisationFactory(commune=commune("dijon"))
        lille = OrganisationFactory(commune=commune("lille"))
        services.link_organisation(referent("21"), partner, dijon.siret)
        with pytest.raises(Refused, match="Aucune structure"):  # as if it did not exist
            services.link_organisation(referent("21"), partner, lille.siret)
        assert list(Branch.objects.values_list("organisation_id", "method")) == [(dijon.pk, LinkMethod.HAND)]

    def test_an_organisation_is_in_one_network_at_most(self):
        admin = national_admin()
        first, second = PartnerFactory(name="Premier"), PartnerFactory(name="Second")
        organisation = OrganisationFactory()
        services.link_organisation(admin, first, organisation.siret)
        with pytest.raises(Refused, match="Premier"):
            services.link_organisation(admin, second, organisation.siret)
        with pytest.raises(Refused, match="ce partenaire"):
            services.link_organisation(admin, first, organisation.siret)

    def test_a_referent_cannot_take_out_another_departement_s_organisation(self):
        partner = PartnerFactory()
        branch = services.link_organisation(
            national_admin(), partner, OrganisationFactory(commune=commune("lille")).siret
        )
        with pytest.raises(Refused):
            services.unlink_organisation(referent("21"), branch)
        assert Branch.objects.filter(pk=branch.pk).exists()


class TestFigures:
    def network_with_posts(self):
        admin = national_admin()
        partner = PartnerFactory()
        dijon = OrganisationFactory(commune=commune("dijon"))
        lille = OrganisationFactory(commune=commune("lille"))
        for organisation in (dijon, lille):
            services.link_organisation(admin, partner, organisation.siret)
        PostFactory(organisation=dijon, places_offered=10, places_taken=8)
        PostFactory(organisation=dijon, places_offered=20, places_taken=12)
        PostFactory(organisation=dijon, places_offered=5, status="draft")  # not in search
        PostFactory(organisation=lille, places_offered=4, places_taken=3)
        PostFactory(places_offered=50, places_taken=40)  # outside the network
        services.set_objective(admin, partner, departement("21"), 4, 60)
        return partner

    def test_per_departement_against_the_objective(self):
        figures = network.figures(self.network_with_posts().pk, None)
        dijon, lille = figures.lines
        assert (dijon.code, dijon.organisations, dijon.posts, dijon.places, dijon.taken) == ("21", 1, 2, 30, 20)
        assert (dijon.occupancy, dijon.posts_progress, dijon.places_progress) == (67, 50, 50)
        assert (lille.code, lille.posts, lille.places, lille.taken, lille.objective_posts) == ("59", 1, 4, 3, None)
        total = figures.total
        assert (total.organisations, total.posts, total.places, total.taken, total.objective_posts) == (2, 3, 34, 23, 4)

    def test_a_referent_reads_their_departements(self):
        figures = network.figures(self.network_with_posts().pk, ["59"])
        assert [line.code for line in figures.lines] == ["59"]
        assert figures.total.places == 4

    def test_the_partner_reads_its_persons_under_the_statistical_secrecy(self, settings):
        settings.STATS_SECRECY_THRESHOLD = 11
        figures = network.figures(self.network_with_posts().pk, None, secrecy=True)
        dijon, lille = figures.lines
        # Lille's 3 persons are secret; so is Dijon's 20, or the total (23) would give them back.
        assert lille.taken is None and dijon.taken is None and figures.total.taken == 23
        assert lille.occupancy is None and dijon.occupancy is None
        assert figures.secret and set(figures.hidden) == {"21", "59"}

    def test_totals_for_the_list(self):
        partner = self.network_with_posts()
        empty = PartnerFactory()
        assert network.totals([partner.pk, empty.pk], None) == {partner.pk: (2, 3, 34), empty.pk: (0, 0, 0)}
        assert network.totals([partner.pk], ["21"]) == {partner.pk: (1, 2, 30)}


class TestAgreements:
    def test_its_state_follows_its_dates(self, settings):
        settings.PARTNERSHIP_EXPIRY_NOTICE_DAYS = 90
        today = timezone.localdate()
        agreement = AgreementFactory.build(starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=200))
        assert agreement.state(today) == AgreementState.IN_FORCE
        assert agreement.state(today + timedelta(days=110)) == AgreementState.EXPIRING
        assert agreement.state(today + timedelta(days=201)) == AgreementState.EXPIRED
        assert agreement.state(today - timedelta(days=11)) == AgreementState.UPCOMING

    def test_the_signed_text_replaces_the_previous_one(self, django_capture_on_commit_callbacks):
        admin = national_admin()
        agreement = AgreementFactory()
        services.save_agreement(admin, agreement, SimpleUploadedFile("v1.pdf", b"%PDF-1.4 un"), ".pdf")
        first = agreement.file.name
        with django_capture_on_commit_callbacks(execute=True):
            services.save_agreement(admin, agreement, SimpleUploadedFile("v2.pdf", b"%PDF-1.4 deux"), ".pdf")
        agreement.refresh_from_db()
        with agreement.file.open("rb") as handle:
            assert agreement.original_name == "v2.pdf" and handle.read() == b"%PDF-1.4 deux"
        assert not agreement.file.storage.exists(first)

    def test_an_agreement_ending_before_it_starts_is_refused(self):
        today = timezone.localdate()
        agreement = AgreementFactory.build(partner=PartnerFactory(), starts_on=today, ends_on=today)
        with pytest.raises(Refused, match="suit son début"):
            services.save_agreement(national_admin(), agreement)
        assert not Agreement.objects.exists()


class TestExpiryAlert:
    def test_the_agency_is_alerted_until_the_next_agreement_is_entered(
        self, settings, django_capture_on_commit_callbacks
    ):
        settings.PARTNERSHIP_EXPIRY_NOTICE_DAYS = 90
        admin = national_admin()
        today = timezone.localdate()
        expiring = AgreementFactory(ends_on=today + timedelta(days=30), starts_on=today - timedelta(days=700))
        AgreementFactory(ends_on=today + timedelta(days=300))  # another partner's, not due yet
        reminder = AgreementExpiryReminder()
        now = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert run(reminder, now) == 1
        notification = Notification.objects.get(user=admin)
        assert str(expiring.partner) in notification.title
        assert run(reminder, now + timedelta(days=1)) == 0  # every 30 days at most
        # The next agreement is entered: no more alert.
        AgreementFactory(
            partner=expiring.partner, starts_on=expiring.ends_on, ends_on=expiring.ends_on + timedelta(days=1000)
        )
        assert run(reminder, now + timedelta(days=31)) == 0

    def test_an_expired_agreement_is_no_longer_a_candidate(self):
        national_admin()
        AgreementFactory(ends_on=timezone.localdate() - timedelta(days=1))
        assert list(AgreementExpiryReminder().candidates(timezone.now())) == []


class TestCoordinators:
    def test_invited_by_the_agency_attached_to_its_partner_when_accepted(self, django_capture_on_commit_callbacks):
        partner = PartnerFactory()
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invite_coordinator(
                national_admin(), partner, {"email": "Reseau@Partenaire.test", "first_name": "Anne", "last_name": "Roy"}
            )
        assert invitation.role == Role.PARTNER_COORDINATOR and len(mail.outbox) == 1
        user = accounts.accept(
            Invitation.objects.get(pk=invitation.pk),
            {"password1": "Un-mot-de-passe-solide-42", "first_name": "Anne", "last_name": "Roy", "phone": ""},
        )
        assert Coordinator.objects.get(user=user).partner == partner

    def test_an_address_with_an_account_is_refused(self):
        admin = national_admin()
        with pytest.raises(Refused, match="déjà un compte"):
            services.invite_coordinator(
                admin, PartnerFactory(), {"email": admin.email, "first_name": "A", "last_name": "B"}
            )
        assert not Invitation.objects.exists()

    def test_removing_a_coordinator_closes_its_account(self):
        partner = PartnerFactory()
        user = coordinator_of(partner)
        services.remove_coordinator(national_admin(), partner, user.coordination.pk)
        user.refresh_from_db()
        assert not user.is_active and not Coordinator.objects.exists()


def test_a_partner_with_a_network_cannot_be_deleted():
    admin = national_admin()
    partner = PartnerFactory()
    services.link_organisation(admin, partner, OrganisationFactory().siret)
    with pytest.raises(Refused):
        services.delete_partner(admin, partner)
    Branch.objects.all().delete()
    services.delete_partner(admin, partner)
    assert not Partner.objects.exists()


def test_the_migration_keeps_the_organisations_ticked_national_partner():
    """partnerships 0002: what the old checkbox said is kept in a partner to identify."""
    migration = import_module("tig.partnerships.migrations.0002_national_partner_flag")

    class Ticked:
        """The historical models, the checkbox read from a list of ticked organisations."""

        def __init__(self, ticked):
            self.ticked = ticked

        def get_model(self, app, name):
            if name == "Organisation":
                ticked = self.ticked

                class Organisations:
                    class objects:
                        @staticmethod
                        def filter(**kwargs):
                            assert kwargs == {"national_partner": True}

                            class Rows:
                                @staticmethod
                                def values_list(*args, **kwargs):
                                    return [organisation.pk for organisation in ticked]

                            return Rows()

                return Organisations
            return global_apps.get_model(app, name)

    ticked = [OrganisationFactory(), OrganisationFactory()]
    migration.forward(Ticked(ticked), None)
    partner = Partner.objects.get(name=migration.TO_IDENTIFY)
    assert set(partner.branches.values_list("organisation_id", "method")) == {
        (organisation.pk, LinkMethod.MIGRATED) for organisation in ticked
    }
    migration.forward(Ticked([]), None)  # nothing ticked: no partner made
    assert Partner.objects.count() == 1


def test_the_agreement_that_governs_today():
    today = timezone.localdate()
    past = AgreementFactory.build(pk=1, starts_on=today - timedelta(days=1000), ends_on=today - timedelta(days=10))
    running = AgreementFactory.build(pk=2, starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=100))
    next_one = AgreementFactory.build(pk=3, starts_on=today + timedelta(days=50), ends_on=today + timedelta(days=900))
    assert current_agreement([past, next_one, running], today) == running
    assert current_agreement([past, next_one], today) == next_one
    assert current_agreement([past], today) == past
    assert current_agreement([], today) is None
