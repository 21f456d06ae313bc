import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, host_member, probation_officer
from tests.browser.conftest import assert_accessible, log_in
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.posts.enums import ActivityDomain

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dijon_posts():
    dijon, chenove, beaune = commune("dijon"), commune("chenove"), commune("beaune")
    town_hall = OrganisationFactory(commune=dijon, name="Ville de Dijon")
    PostFactory(organisation=town_hall, title="Entretien des espaces verts", places_offered=2, places_taken=0)
    PostFactory(
        organisation=town_hall,
        title="Aide à la distribution alimentaire",
        domain=ActivityDomain.SOLIDARITY,
        schedule={"sat": {"start": "09:00", "end": "12:00"}},
        places_offered=1,
        places_taken=1,
    )
    PostFactory(organisation=OrganisationFactory(commune=chenove, name="Ville de Chenôve"), title="Propreté urbaine")
    PostFactory(organisation=OrganisationFactory(commune=beaune, name="Ville de Beaune"), title="Poste trop loin")
    return town_hall


def test_a_probation_officer_searches_around_dijon(page, dijon_posts):
    officer = probation_officer()
    page.goto("/")
    assert_accessible(page, "accueil (visiteur)")
    log_in(page, officer, PASSWORD)
    assert_accessible(page, "accueil (connecté)")

    page.get_by_role("link", name="Rechercher un poste").first.click()
    page.get_by_label("Commune ou code postal").fill("Dij")
    # The autocomplete offers the commune as the user types.
    expect(page.locator("#communes-suggestions option[value='Dijon (21)']")).to_have_count(1)
    page.get_by_label("Commune ou code postal").fill("Dijon")
    page.get_by_label("Rayon (km)").fill("20")
    page.get_by_role("button", name="Rechercher").click()

    heading = page.locator("#titre-resultats")
    expect(heading).to_have_text("3 postes trouvés à moins de 20 km de Dijon (21)")
    expect(page).to_have_url(re.compile(r"lieu=Dijon&rayon=20"))
    results = page.locator(".tig-result h3")
    expect(results).to_have_text(
        ["Entretien des espaces verts", "Aide à la distribution alimentaire", "Propreté urbaine"]
    )
    assert_accessible(page, "résultats de recherche")

    # A filter narrows the results in place, and the URL follows.
    page.get_by_role("button", name="Filtres").click()
    # DSFR draws the checkbox on its label, which is what users click.
    page.locator("label[for=id_weekend]").click()
    expect(heading).to_have_text("1 poste trouvé à moins de 20 km de Dijon (21)")
    expect(page).to_have_url(re.compile(r"weekend=on"))
    page.locator("label[for=id_weekend]").click()
    expect(heading).to_have_text("3 postes trouvés à moins de 20 km de Dijon (21)")

    # The map shows the same results, clustered, with the radius circle.
    page.get_by_role("link", name="Carte").click()
    carte = page.locator("#carte-resultats")
    expect(carte).to_have_attribute("data-ready", "true")
    expect(
        page.locator(".leaflet-overlay-pane path.leaflet-interactive, .leaflet-overlay-pane path")
    ).not_to_have_count(0)
    markers = page.locator(".leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    total = sum(int(text) for text in markers.all_inner_texts())
    assert total == 3
    expect(page.locator(".tig-result")).to_have_count(3)
    assert_accessible(page, "vue carte")

    # The post sheet.
    page.get_by_role("link", name="Entretien des espaces verts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entretien des espaces verts")
    expect(page.get_by_text("2 places disponibles sur 2")).to_be_visible()
    assert_accessible(page, "fiche de poste")
    page.get_by_role("link", name="Retour aux résultats").click()
    expect(page.locator("#titre-resultats")).to_have_text("3 postes trouvés à moins de 20 km de Dijon (21)")
    assert page.errors == []


def test_an_organisation_admin_changes_places_and_search_shows_it(new_page, dijon_posts):
    admin = host_member(dijon_posts, first_name="Laurence", last_name="Bernard")
    officer = probation_officer()
    officer_page = new_page()
    log_in(officer_page, officer, PASSWORD)
    officer_page.goto("/postes/?lieu=Dijon&rayon=20")
    card = officer_page.locator(".tig-result", has_text="Aide à la distribution alimentaire")
    expect(card).to_contain_text("Complet (1 place)")

    admin_page = new_page()
    log_in(admin_page, admin, PASSWORD)
    admin_page.get_by_role("link", name="Ma structure").first.click()
    admin_page.get_by_role("link", name="Aide à la distribution alimentaire").click()
    admin_page.get_by_role("link", name="Modifier le poste").click()
    assert_accessible(admin_page, "formulaire de poste")
    # Occupancy is not part of the registration decision: the post stays in search.
    admin_page.get_by_label("Places occupées").fill("0")
    admin_page.get_by_role("button", name="Enregistrer").click()
    expect(admin_page.get_by_text("Les modifications du poste ont été enregistrées.")).to_be_visible()

    officer_page.reload()
    expect(officer_page.locator(".tig-result", has_text="Aide à la distribution alimentaire")).to_contain_text(
        "1 place disponible sur 1"
    )
    assert officer_page.errors == [] and admin_page.errors == []


def test_the_form_refuses_more_places_taken_than_offered(page, dijon_posts):
    admin = host_member(dijon_posts)
    log_in(page, admin, PASSWORD)
    post = dijon_posts.posts.get(title="Entretien des espaces verts")
    page.goto(f"/postes/{post.pk}/modifier/")
    page.get_by_label("Places occupées").fill("5")
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.get_by_text("Le nombre de places occupées (5) ne peut pas dépasser le nombre de places offertes (2).")
    ).to_be_visible()
    assert_accessible(page, "formulaire avec erreurs")


def test_suggestions_leave_the_address_bar_alone_and_reload_and_back_show_the_search(page, dijon_posts):
    log_in(page, probation_officer(), PASSWORD)
    page.goto("/postes/")
    page.get_by_label("Commune ou code postal").fill("Dij")
    expect(page.locator("#communes-suggestions option[value='Dijon (21)']")).to_have_count(1)
    # Typing fetched suggestions, but neither the address nor the history changed.
    assert page.url.endswith("/postes/") and "suggestions" not in page.url
    page.get_by_label("Commune ou code postal").fill("Dijon (21)")
    page.get_by_role("button", name="Rechercher").click()
    heading = page.locator("#titre-resultats")
    expect(heading).to_have_text("3 postes trouvés à moins de 20 km de Dijon (21)")
    page.reload()
    expect(heading).to_have_text("3 postes trouvés à moins de 20 km de Dijon (21)")
    assert "suggestions" not in page.url
    page.go_back()
    expect(page).to_have_url(re.compile(r"/postes/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher un poste de TIG ou de TNR")
    assert page.errors == []
