import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import host_member, magistrate, referent, spip_director
from tests.habilitations.factories import DossierFactory, association, awaiting_decision
from tig.accounts.enums import MagistrateFunction
from tig.habilitations.enums import Audience, DossierStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("files", [10, 200])
def test_the_waiting_pages_take_a_constant_number_of_queries(files, client_for, django_assert_max_num_queries):
    jap = magistrate(MagistrateFunction.JAP)
    organisation = association()
    users = [referent("21"), spip_director("21"), jap, magistrate(MagistrateFunction.PROSECUTOR)]
    admin = host_member(organisation)
    for _ in range(files):
        awaiting_decision(organisation=organisation, tribunal=jap.service)
        DossierFactory(organisation=organisation, status=DossierStatus.SUBMITTED)
        DossierFactory(organisation=organisation, status=DossierStatus.CHANGES_REQUESTED)
    for user in [*users, admin]:
        client = client_for(user)
        with django_assert_max_num_queries(10):
            response = client.get("/dossiers/")
        assert response.status_code == 200
        assert response.text.count('href="/dossiers/') >= min(files, 30)
        with django_assert_max_num_queries(10):
            assert client.get("/dossiers/tous/").status_code == 200


class TestUploads:
    @pytest.fixture
    def draft(self, client_for):
        organisation = association()
        client = client_for(host_member(organisation))
        client.post(
            f"/dossiers/structure/{organisation.pk}/habilitation/",
            {"departement": "21", "audience": Audience.ADULTS, "presentation": "P"},
        )
        return client, organisation.dossiers.get()

    def upload(self, client, dossier, content, name="statuts.pdf", **extra):
        return client.post(
            f"/dossiers/{dossier.pk}/etape/pieces/",
            {"kind": "statutes", "file": SimpleUploadedFile(name, content, content_type="application/pdf"), **extra},
        )

    def test_a_program_named_pdf_is_refused(self, draft):
        client, dossier = draft
        response = self.upload(client, dossier, b"MZ\x90\x00binary")
        assert response.status_code == 400
        assert "Seuls les fichiers PDF, PNG et JPEG sont acceptés." in response.text
        assert not dossier.documents.exists()

    def test_a_file_over_the_limit_is_refused(self, draft, settings):
        settings.DOCUMENT_MAX_BYTES = 1024 * 1024
        client, dossier = draft
        response = self.upload(client, dossier, b"%PDF-" + b"0" * (1024 * 1024))
        assert response.status_code == 400
        assert "taille maximale de 1 Mo" in response.text
        assert not dossier.documents.exists()

    def test_the_name_given_is_never_used_on_disk(self, draft, private_media):
        client, dossier = draft
        self.upload(client, dossier, b"\x89PNG\r\n\x1a\nimage", name="../../etc/passwd <script>.pdf")
        document = dossier.documents.get()
        assert document.content_type == "image/png"
        assert document.original_name == "passwd_script.png"
        assert ".." not in document.file.name and document.file.name.endswith(".png")
        assert (private_media / document.file.name).exists()

    def test_a_kbis_needs_its_date(self, client_for):
        from tig.organisations.enums import LegalType

        organisation = association(legal_type=LegalType.SOCIETE_A_MISSION)
        client = client_for(host_member(organisation))
        client.post(
            f"/dossiers/structure/{organisation.pk}/habilitation/",
            {"departement": "21", "audience": Audience.ADULTS, "presentation": "P"},
        )
        dossier = organisation.dossiers.get()
        response = client.post(
            f"/dossiers/{dossier.pk}/etape/pieces/",
            {"kind": "kbis", "file": SimpleUploadedFile("k.pdf", b"%PDF-1.4", content_type="application/pdf")},
        )
        assert response.status_code == 400
        assert "date de délivrance" in response.text


def test_a_societe_a_mission_outside_the_experiment_cannot_file(client_for):
    from tests.organisations.factories import experiment
    from tests.territories.factories import commune
    from tig.habilitations.services import missing_items
    from tig.organisations.enums import LegalType

    experiment("75")
    experiment("21", open_today=False)
    inside = DossierFactory(organisation=association(legal_type=LegalType.SOCIETE_A_MISSION, commune=commune("paris")))
    outside = DossierFactory(organisation=association(legal_type=LegalType.SOCIETE_A_MISSION))
    experiment = "départements de l'expérimentation"
    assert not any(experiment in item for item in missing_items(inside))
    assert any(experiment in item for item in missing_items(outside))


def test_no_second_habilitation_file_while_one_is_open_for_the_departement(client_for):
    organisation = association()
    client = client_for(host_member(organisation))
    page = f"/structures/{organisation.pk}/"
    assert "Demander une habilitation" in client.get(page).text
    start = f"/dossiers/structure/{organisation.pk}/habilitation/"
    request = {"departement": "21", "audience": Audience.ADULTS, "presentation": "P"}
    client.post(start, request)
    dossier = organisation.dossiers.get()
    shown = client.get(page).text
    assert "Demander une habilitation" not in shown and f"/dossiers/{dossier.pk}/" in shown
    assert client.get(start)["Location"] == f"/dossiers/{dossier.pk}/"
    again = client.post(start, request)
    assert again["Location"] == f"/dossiers/{dossier.pk}/" and organisation.dossiers.count() == 1
    # Another département is another file.
    from tests.territories.factories import departement

    departement("59")
    client.post(start, {**request, "departement": "59"})
    assert organisation.dossiers.count() == 2
