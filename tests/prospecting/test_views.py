"""The prospecting's pages: what each role may open (a target elsewhere answers 404), what bad
input gets (400, a French message, nothing saved), the lists and their downloads."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from tests.accounts.factories import (
    ServiceFactory,
    host_member,
    lawyer,
    magistrate,
    national_admin,
    probation_officer,
    referent,
)
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.prospecting.factories import TargetFactory, town_hall
from tests.territories.factories import commune
from tig.accounts.enums import ServiceKind
from tig.audit.enums import Operation
from tig.audit.models import AuditEntry
from tig.prospecting.enums import Stage

pytestmark = pytest.mark.django_db

SOON = (timezone.localdate() + timedelta(days=7)).isoformat()
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def dijon_hall():
    return town_hall("dijon", email="mairie@dijon.test")


def test_nobody_but_referents_and_the_agency_opens_the_prospecting(client_for, dijon_hall):
    organisation = OrganisationFactory()
    for user in (host_member(organisation), lawyer(), magistrate(), probation_officer()):
        client = client_for(user)
        for url in ("/prospection/", "/prospection/zones-blanches/", f"/prospection/cibles/{dijon_hall.pk}/"):
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.post(f"/prospection/cibles/{dijon_hall.pk}/prochaine-etape/").status_code == 403


def test_another_departements_target_does_not_exist(client_for, dijon_hall):
    client = client_for(referent("59"))
    assert client.get(f"/prospection/cibles/{dijon_hall.pk}/").status_code == 404
    response = client.post(
        f"/prospection/cibles/{dijon_hall.pk}/etape/",
        {"etape-stage": "contacted", "etape-next_step": "Rappeler", "etape-next_step_on": SOON},
    )
    assert response.status_code == 404
    assert "Dijon" not in client.get("/prospection/").content.decode()
    dijon_hall.refresh_from_db()
    assert dijon_hall.stage == Stage.TO_CONTACT


def test_reading_a_target_is_in_the_audit_log(client_for, dijon_hall):
    user = referent("21")
    response = client_for(user).get(f"/prospection/cibles/{dijon_hall.pk}/")
    assert response.status_code == 200 and "mairie@dijon.test" in response.content.decode()
    assert AuditEntry.objects.filter(
        operation=Operation.READ, object_type="prospecting.target", object_id=str(dijon_hall.pk), actor_id=user.pk
    ).exists()


def test_logging_a_call_from_the_sheet(client_for, dijon_hall):
    client = client_for(referent("21"))
    data = {
        "echange-kind": "call",
        "echange-happened_on": TODAY,
        "echange-summary": "Appel au secrétariat du maire.",
        "echange-next_step": "Rencontrer le DGS",
        "echange-next_step_on": SOON,
    }
    response = client.post(f"/prospection/cibles/{dijon_hall.pk}/echange/", data, follow=True)
    assert response.status_code == 200 and "échange est noté" in response.content.decode()
    dijon_hall.refresh_from_db()
    assert dijon_hall.stage == Stage.CONTACTED and dijon_hall.next_step == "Rencontrer le DGS"


def test_a_refused_step_shows_the_sheet_again_with_the_reason(client_for, dijon_hall):
    client = client_for(referent("21"))
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        f"/prospection/cibles/{dijon_hall.pk}/echange/",
        {
            "echange-kind": "call",
            "echange-happened_on": TODAY,
            "echange-summary": "Appel.",
            "echange-next_step": "Rappeler",
            "echange-next_step_on": yesterday,
        },
    )
    assert response.status_code == 400
    assert "ne peut pas être passée" in response.content.decode()
    assert not dijon_hall.interactions.exists()
    response = client.post(f"/prospection/cibles/{dijon_hall.pk}/abandon/", {"abandon-reason": "bof"})
    assert response.status_code == 400 and "choix valide" in response.content.decode()


def test_bad_filters_get_a_400_with_a_french_message(client_for):
    client = client_for(national_admin())
    for url in (
        "/prospection/?etape=nimporte",
        "/prospection/?format=pdf",
        "/prospection/zones-blanches/?distance=500",
        "/prospection/zones-blanches/?territoire=d99",
        "/prospection/zones-blanches/?format=doc",
    ):
        assert client.get(url).status_code == 400, url
    assert client.get("/prospection/?page=x").status_code == 200  # a page that is not one shows the first


def test_the_pipeline_filters_and_its_xlsx(client_for, dijon_hall):
    user = referent("21")
    town_hall("beaune")
    late = TargetFactory(
        name="Association en retard",
        next_step="Rappeler",
        stage=Stage.CONTACTED,
        next_step_on=timezone.localdate() - timedelta(days=3),
        assigned_to=user,
    )
    client = client_for(user)
    page = client.get("/prospection/").content.decode()
    assert page.index("Mairie de Dijon") < page.index("Mairie de Beaune")  # the most populous first
    overdue = client.get("/prospection/?suivi=retard").content.decode()
    assert "Association en retard" in overdue and "Mairie de Beaune" not in overdue
    assert "Mairie de Beaune" in client.get("/prospection/?q=beaune").content.decode()
    # Without accents or case, on the name or the commune's name.
    TargetFactory(name="École de la deuxième chance", commune=commune("chenove"))
    found = client.get("/prospection/?q=ECOLE").content.decode()
    assert "École de la deuxième chance" in found and "Mairie de Beaune" not in found
    found = client.get("/prospection/?q=chenôve").content.decode()
    assert "École de la deuxième chance" in found and "Association en retard" not in found
    response = client.get("/prospection/?suivi=moi&format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Nom" and [row[0] for row in rows[2:]] == [late.name]


def test_the_white_zones_of_a_departement(client_for):
    dijon = commune("dijon")
    hall = town_hall("beaune")
    PostFactory(commune=dijon, organisation__commune=dijon)
    client = client_for(referent("21"))
    response = client.get("/prospection/zones-blanches/?distance=20")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beaune (21)" in page and f"/prospection/cibles/{hall.pk}/" in page
    assert "Dijon (21)</th>" not in page
    assert 'data-map="gaps"' in page and "Par domaine d'activité" in page
    csv = b"".join(client.get("/prospection/zones-blanches/?distance=20&format=csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[1:] == ["21054;Beaune;21;20000"]
    # Only their départements: the agency alone asks for France.
    assert client.get("/prospection/zones-blanches/?territoire=france").status_code == 400


def test_the_white_zones_of_a_tribunal_s_area(client_for):
    dijon, beaune = commune("dijon"), commune("beaune")
    town_hall("beaune")
    tribunal = ServiceFactory(
        kind=ServiceKind.TRIBUNAL, name="Tribunal judiciaire de Dijon", departement=dijon.departement
    )
    tribunal.communes.set([dijon, beaune])
    PostFactory(commune=dijon, organisation__commune=dijon)
    url = f"/prospection/zones-blanches/?territoire=t{tribunal.pk}&distance=20"
    page = client_for(referent("21")).get(url).content.decode()
    assert "Ressort du tribunal judiciaire de Dijon" in page and "Beaune (21)" in page
    # Another département's referent is not offered it.
    assert client_for(referent("59")).get(url).status_code == 400


def test_the_hand_over_page_passes_a_leaving_referent_s_targets(client_for):
    leaving, staying, elsewhere = referent("21"), referent("21"), referent("71")
    first, second = TargetFactory(assigned_to=leaving), TargetFactory(assigned_to=leaving)
    leaving.is_active = False  # already gone: their targets still show, to be handed over
    leaving.save()
    client = client_for(staying)
    page = client.get("/prospection/passation/").content.decode()
    assert leaving.get_full_name() in page and "Compte désactivé" in page
    refused = client.post(
        "/prospection/passation/", {"departement": "21", "departing": leaving.pk, "successor": elsewhere.pk}
    )
    assert refused.status_code == 400  # not a referent of the département: not even offered
    assert first.__class__.objects.filter(assigned_to=leaving).count() == 2
    done = client.post(
        "/prospection/passation/", {"departement": "21", "departing": leaving.pk, "successor": staying.pk}, follow=True
    )
    assert "2 cibles de" in done.content.decode()
    assert {first.__class__.objects.get(pk=pk).assigned_to for pk in (first.pk, second.pk)} == {staying}
    assert client_for(lawyer()).get("/prospection/passation/").status_code == 403
    # Another département's referent sees neither the targets nor the referent who left.
    assert leaving.get_full_name() not in client_for(elsewhere).get("/prospection/passation/").content.decode()


def test_documents_kept_with_a_target(client_for, dijon_hall):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tig.prospecting.models import TargetDocument

    me = referent("21")
    client = client_for(me)
    url = f"/prospection/cibles/{dijon_hall.pk}/documents/"
    wrong = client.post(
        url, {"document-title": "Script", "document-file": SimpleUploadedFile("a.pdf", b"#!/bin/sh\necho")}
    )
    assert wrong.status_code == 400 and "Seuls les fichiers PDF, PNG et JPEG" in wrong.content.decode()
    assert not TargetDocument.objects.exists()
    pdf = SimpleUploadedFile("../../plaquette du TIG.pdf", b"%PDF-1.4 plaquette", content_type="application/pdf")
    assert client.post(url, {"document-title": "Plaquette remise au maire", "document-file": pdf}).status_code == 302
    document = TargetDocument.objects.get()
    assert document.original_name == "plaquette_du_TIG.pdf" and document.uploaded_by == me
    sheet = client.get(f"/prospection/cibles/{dijon_hall.pk}/").content.decode()
    assert "Plaquette remise au maire" in sheet
    download = client.get(f"{url}{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 plaquette"
    assert AuditEntry.objects.filter(object_id=str(document.pk), operation=Operation.READ).exists()
    # Elsewhere, the target and its documents do not exist; a host never reaches them.
    assert client_for(referent("59")).get(f"{url}{document.pk}/").status_code == 404
    assert client_for(host_member(OrganisationFactory())).get(f"{url}{document.pk}/").status_code == 403
    assert client.post(f"{url}{document.pk}/retirer/").status_code == 302
    assert not TargetDocument.objects.exists()
