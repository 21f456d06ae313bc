"""Hearing-ready lists: the print view and the PDF (about twenty posts a page), the spreadsheet of
every result, the sorts; the user's scope everywhere."""

import io
from datetime import timedelta

import openpyxl
import pypdf
import pytest
from django.utils import timezone

from tests.accounts.factories import host_member, lawyer, magistrate
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction
from tig.posts import exports
from tig.posts.enums import PostStatus
from tig.posts.models import Post

pytestmark = pytest.mark.django_db

NEAR_DIJON = {"lieu": "Dijon (21)", "rayon": "30"}


@pytest.fixture
def posts():
    dijon, beaune = commune("dijon"), commune("beaune")
    town = OrganisationFactory(commune=dijon, name="Ville de Dijon")
    found = [PostFactory(organisation=town, title=f"Poste {index:02d}") for index in range(45)]
    far = PostFactory(organisation=OrganisationFactory(commune=beaune), title="Poste de Beaune")  # 37 km
    PostFactory(organisation=town, title="Brouillon", status=PostStatus.DRAFT)
    return found, far


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return rows[2:]  # the title line, then the header


def test_the_spreadsheet_holds_every_result_not_only_the_page(client_for, posts):
    client = client_for(magistrate(MagistrateFunction.TRIAL_JUDGE))
    page = client.get("/postes/", NEAR_DIJON)
    assert "45 postes trouvés" in page.text and page.text.count('class="tig-result"') == 20
    rows = sheet_rows(client.get("/postes/export.xlsx", NEAR_DIJON))
    assert len(rows) == 45
    assert {row[0] for row in rows} == {f"Poste {index:02d}" for index in range(45)}
    assert "Brouillon" not in {row[0] for row in rows} and "Poste de Beaune" not in {row[0] for row in rows}
    first = rows[0]
    assert first[1:3] == ("Ville de Dijon", "Dijon (21)") and first[3] == 0.0 and first[4:6] == (2, 2)
    assert first[-1] == "Fiche"


def test_the_spreadsheet_is_capped_and_says_so(client_for, posts, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_MAX", 10)
    response = client_for(lawyer()).get("/postes/export.xlsx", NEAR_DIJON)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "les 10 premiers (au plus 10 lignes par export)" in workbook["A1"].value
    assert len(sheet_rows(response)) == 10


def test_the_pdf_fits_about_twenty_posts_a_page(client_for, posts):
    response = client_for(lawyer()).get("/postes/export.pdf", {**NEAR_DIJON, "rayon": "50"})
    assert response["Content-Type"] == "application/pdf"
    document = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in document.pages)
    assert len(document.pages) == 2  # 46 posts
    assert "46 postes au" in text and "Poste de Beaune" in text and "WE : ouvert le week-end" in text
    assert "Brouillon" not in text


def test_the_print_view_lists_the_first_posts_with_their_marks(client_for, posts, monkeypatch):
    monkeypatch.setattr(exports, "PRINT_MAX", 30)
    Post.objects.filter(title="Poste 00").update(minors_allowed=True, pmr_accessible=True)
    page = client_for(lawyer()).get("/postes/imprimer/", NEAR_DIJON).text
    assert page.count("<tr>") == 31  # the header and thirty posts
    assert "les 30 premiers ci-dessous" in page
    assert "Min PMR" in page


def test_a_bad_search_goes_back_to_the_search_page_with_its_message(client_for, posts):
    client = client_for(lawyer())
    for url in ("/postes/export.xlsx", "/postes/export.pdf", "/postes/imprimer/"):
        response = client.get(url, {"lieu": "Nulle-part-sur-Mer"})
        assert response.status_code == 302 and response["Location"] == "/postes/?lieu=Nulle-part-sur-Mer"
        assert client.get(url).status_code == 302


def test_exports_show_only_what_the_user_may_find(client_for, posts):
    found, _far = posts
    host = host_member(found[0].organisation)
    Post.objects.filter(pk=found[1].pk).update(status=PostStatus.SUSPENDED)
    rows = sheet_rows(client_for(host).get("/postes/export.xlsx", NEAR_DIJON))
    assert len(rows) == 44


def test_results_sort_by_places_available_or_last_confirmation(client_for, posts):
    found, _far = posts
    Post.objects.filter(pk=found[30].pk).update(places_offered=9)
    Post.objects.filter(pk=found[40].pk).update(last_confirmed_at=timezone.now() + timedelta(hours=1))
    client = client_for(lawyer())
    by_places = client.get("/postes/", {**NEAR_DIJON, "tri": "places"}).text
    assert by_places.index("Poste 30") < by_places.index("Poste 00")
    assert "45 postes trouvés" in by_places
    rows = sheet_rows(client.get("/postes/export.xlsx", {**NEAR_DIJON, "tri": "confirmation"}))
    assert rows[0][0] == "Poste 40" and len(rows) == 45
    # A whole département sorts the same way.
    in_departement = client.get("/postes/", {"departement": "21", "tri": "places"}).text
    assert in_departement.index("Poste 30") < in_departement.index("Poste 00")
    assert "Choisissez un ordre de la liste." in client.get("/postes/", {**NEAR_DIJON, "tri": "prix"}).text
