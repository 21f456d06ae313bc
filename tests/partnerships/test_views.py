"""The partnerships' pages (tig/partnerships/views.py): what each role reads, the refusals (a
hidden partner answers 404), bad input answered in French with nothing saved, and what a
partner's coordinator is kept from."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import host_member, lawyer, national_admin, referent, spip_director
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import AgreementFactory, PartnerFactory, coordinator_of
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.audit.enums import Operation
from tig.audit.models import AuditEntry
from tig.partnerships import services
from tig.partnerships.models import Agreement, Branch, LocalAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    """A partner with an organisation in Dijon and one in Lille, each with a post in search."""
    partner = PartnerFactory(name="Réseau national")
    admin = national_admin()
    dijon = OrganisationFactory(commune=commune("dijon"), name="Agence de Dijon")
    lille = OrganisationFactory(commune=commune("lille"), name="Agence de Lille")
    for organisation in (dijon, lille):
        services.link_organisation(admin, partner, organisation.siret)
    PostFactory(organisation=dijon, places_offered=6, places_taken=2)
    PostFactory(organisation=lille, places_offered=30, places_taken=25)
    return partner


def text(response) -> str:
    return response.content.decode()


class TestWhoReadsWhat:
    def test_the_agency_reads_every_partner_and_france(self, client_for, network):
        page = text(client_for(national_admin()).get(f"/partenariats/{network.pk}/"))
        assert "Agence de Dijon" not in page  # names are on the network's own page
        assert "59 — Nord" in page and "21 — Côte-d&#x27;Or" in page
        branches = text(client_for(national_admin()).get(f"/partenariats/{network.pk}/etablissements/"))
        assert "Agence de Dijon" in branches and "Agence de Lille" in branches

    def test_a_referent_reads_their_departements(self, client_for, network):
        user = referent("21")
        page = text(client_for(user).get(f"/partenariats/{network.pk}/"))
        assert "21 — Côte-d&#x27;Or" in page and "59 — Nord" not in page
        branches = text(client_for(user).get(f"/partenariats/{network.pk}/etablissements/"))
        assert "Agence de Dijon" in branches and "Agence de Lille" not in branches
        assert AuditEntry.objects.filter(
            operation=Operation.READ, object_type="partnerships.partner", object_id=str(network.pk), actor_id=user.pk
        ).exists()

    @pytest.mark.parametrize(
        "make",
        [lawyer, spip_director, lambda: host_member(OrganisationFactory())],
        ids=["avocat", "DSPIP", "structure"],
    )
    def test_nobody_else_sees_a_partner(self, client_for, network, make):
        client = client_for(make())
        for url in ("/partenariats/", f"/partenariats/{network.pk}/", f"/partenariats/{network.pk}/etablissements/"):
            assert client.get(url).status_code == 404, url
        assert client.get(f"/partenariats/{network.pk}/chiffres/?format=csv").status_code == 404


class TestCoordinator:
    def test_reads_its_network_aggregated_and_under_the_secrecy(self, client_for, network, settings):
        settings.STATS_SECRECY_THRESHOLD = 11
        client = client_for(coordinator_of(network))
        assert client.get("/").url == "/partenariats/mon-reseau/"
        page = text(client.get("/partenariats/mon-reseau/"))
        assert "Agence de Dijon" not in page and "Agence de Lille" not in page  # no organisation
        assert "secret" in page  # Dijon's 2 persons (and Lille's 25, which would give them back)
        download = b"".join(client.get(f"/partenariats/{network.pk}/chiffres/?format=csv").streaming_content).decode()
        # Per département, persons are secret; the total (27, above the threshold) is published.
        assert "21 — Côte-d'Or;1;1;6;secret;" in download and "59 — Nord;1;1;30;secret;" in download
        assert "Total;2;2;36;27;" in download

    def test_reads_nothing_else(self, client_for, network):
        other = PartnerFactory()
        client = client_for(coordinator_of(other))
        assert client.get(f"/partenariats/{network.pk}/").status_code == 404
        assert client.get(f"/partenariats/{network.pk}/chiffres/?format=csv").status_code == 404
        organisation = network.branches.first().organisation
        post = organisation.posts.first()
        assert client.get(f"/structures/{organisation.pk}/").status_code == 404
        assert client.get(f"/postes/{post.pk}/").status_code == 404
        for url in ("/postes/", "/structures/", "/prospection/", "/statistiques/", "/dossiers/", "/journal/"):
            assert client.get(url).status_code == 404, url
        assert client.get("/compte/").status_code == 200  # its own account

    def test_a_coordinator_without_partner_has_no_page(self, client_for):
        from tests.accounts.factories import partner_coordinator

        assert client_for(partner_coordinator()).get("/partenariats/mon-reseau/").status_code == 404


class TestSteps:
    def test_a_referent_adds_an_organisation_of_their_departement(self, client_for, network):
        organisation = OrganisationFactory(commune=commune("chenove"))
        response = client_for(referent("21")).post(
            f"/partenariats/{network.pk}/etablissements/ajouter/", {"structure-siret": organisation.siret}
        )
        assert response.status_code == 302
        assert Branch.objects.get(organisation=organisation).partner == network

    @pytest.mark.parametrize(
        ("siret", "message"),
        [("123", "14 chiffres"), ("", "obligatoire"), ("other", "Aucune structure d&#x27;accueil de vos départements")],
    )
    def test_a_wrong_siret_is_answered_in_french(self, client_for, network, siret, message):
        if siret == "other":
            siret = OrganisationFactory(commune=commune("bethune")).siret
        before = Branch.objects.count()
        response = client_for(referent("21")).post(
            f"/partenariats/{network.pk}/etablissements/ajouter/", {"structure-siret": siret}
        )
        assert response.status_code == 400 and message in text(response)
        assert Branch.objects.count() == before

    def test_a_referent_takes_out_only_their_departements_organisations(self, client_for, network):
        lille = Branch.objects.get(organisation__name="Agence de Lille")
        assert (
            client_for(referent("21"))
            .post(f"/partenariats/{network.pk}/etablissements/{lille.pk}/retirer/")
            .status_code
            == 404
        )
        assert (
            client_for(referent("59"))
            .post(f"/partenariats/{network.pk}/etablissements/{lille.pk}/retirer/")
            .status_code
            == 302
        )
        assert not Branch.objects.filter(pk=lille.pk).exists()

    def test_a_local_action_in_another_departement_is_refused(self, client_for, network):
        data = {
            "action-departement": "59",
            "action-kind": "event",
            "action-title": "Réunion",
            "action-happened_on": "2026-11-02",
        }
        assert client_for(referent("21")).post(f"/partenariats/{network.pk}/actions/", data).status_code == 400
        assert not LocalAction.objects.exists()
        data["action-departement"] = "21"
        assert client_for(referent("21")).post(f"/partenariats/{network.pk}/actions/", data).status_code == 302
        assert LocalAction.objects.get().departement_id == "21"

    def test_only_the_agency_sets_objectives_and_agreements(self, client_for, network):
        client = client_for(referent("21"))
        assert (
            client.post(
                f"/partenariats/{network.pk}/objectifs/", {"objectif-departement": "21", "objectif-posts": "3"}
            ).status_code
            == 404
        )
        assert client.get(f"/partenariats/{network.pk}/conventions/nouvelle/").status_code == 404
        assert client.get("/partenariats/nouveau/").status_code == 404

    def test_an_objective_needs_a_figure(self, client_for, network):
        response = client_for(national_admin()).post(
            f"/partenariats/{network.pk}/objectifs/", {"objectif-departement": "21"}
        )
        assert response.status_code == 400 and "Indiquez un objectif" in text(response)


class TestAgreementPages:
    def data(self, **extra):
        return {
            "title": "Convention d'objectifs",
            "signed_on": "2026-01-10",
            "starts_on": "2026-01-10",
            "ends_on": "2029-01-09",
            "renewal": "amendment",
            "signatories": "La directrice de l'ATIGIP",
            **extra,
        }

    def test_the_signed_text_is_a_pdf(self, client_for, network):
        client = client_for(national_admin())
        image = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
        response = client.post(f"/partenariats/{network.pk}/conventions/nouvelle/", self.data(document=image))
        assert response.status_code == 400 and "attendue en PDF" in text(response)
        assert not Agreement.objects.exists()
        pdf = SimpleUploadedFile("convention signée.pdf", b"%PDF-1.4 texte", content_type="application/pdf")
        assert (
            client.post(f"/partenariats/{network.pk}/conventions/nouvelle/", self.data(document=pdf)).status_code == 302
        )
        agreement = Agreement.objects.get()
        url = f"/partenariats/{network.pk}/conventions/{agreement.pk}/texte/"
        assert client_for(referent("59")).get(url).status_code == 200
        assert client_for(coordinator_of(network)).get(url).status_code == 200
        assert client_for(coordinator_of(PartnerFactory())).get(url).status_code == 404
        assert client_for(lawyer()).get(url).status_code == 404

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            ({"ends_on": "2025-01-01"}, "suit son début"),
            ({"starts_on": "pas une date"}, "Saisissez une date valide"),
            ({"target_posts": "-3"}, "supérieure ou égale à 0"),
            ({"title": ""}, "obligatoire"),
        ],
    )
    def test_bad_input_is_answered_in_french(self, client_for, network, extra, message):
        response = client_for(national_admin()).post(
            f"/partenariats/{network.pk}/conventions/nouvelle/", self.data(**extra)
        )
        assert response.status_code == 400 and message in text(response)
        assert not Agreement.objects.exists()

    def test_the_agreement_of_another_partner_is_not_found(self, client_for, network):
        agreement = AgreementFactory()
        assert (
            client_for(national_admin())
            .get(f"/partenariats/{network.pk}/conventions/{agreement.pk}/modifier/")
            .status_code
            == 404
        )


def test_the_organisation_page_names_its_partner(client_for, network):
    organisation = network.branches.first().organisation
    page = text(client_for(lawyer()).get(f"/structures/{organisation.pk}/"))
    assert "Réseau Réseau national (partenaire national)" in page
