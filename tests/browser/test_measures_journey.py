"""An officer records a measure, the JAP suspends its deadline, the caseload shows it, the
director finds a post near the residence and assigns: the measures' pages in a browser, with axe."""

import pytest
import time_machine
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, magistrate, probation_officer, spip_director
from tests.browser.conftest import assert_accessible, log_in
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def frozen():
    # The server thread reads the same clock: the dates below stay valid.
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=True):
        yield


def test_a_measure_from_its_record_to_its_assignment(new_page):
    PostFactory(
        organisation=OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon"),
        title="Espaces verts du parc de la Colombière",
    )
    officer = probation_officer("21", first_name="Nadia", last_name="Conseil")
    director = spip_director("21")
    jap = magistrate(MagistrateFunction.JAP, first_name="Hélène", last_name="Juge")

    page = new_page()
    log_in(page, officer, PASSWORD)
    page.get_by_role("link", name="Mesures").first.click()
    assert_accessible(page, "suivi des mesures (vide)")
    page.get_by_role("link", name="Nouvelle mesure").click()
    page.get_by_label("Numéro APPI").fill("21-2026-00042")
    page.locator("#id_last_name").fill("Martin")
    page.get_by_label("Prénoms").fill("Kevin")
    page.get_by_label("Date de naissance").fill("1998-05-04")
    page.get_by_label("Commune de résidence").fill("Dijon (21)")
    page.get_by_label("Nature de la mesure").select_option("tig")
    page.get_by_label("Heures prononcées").fill("450")
    page.get_by_label("Date de la décision").fill("2026-09-01")
    page.get_by_label("Délai d'exécution fixé").fill("2027-09-01")
    page.get_by_label("Consentement").select_option("present")
    page.get_by_label("Tribunal").select_option(label=str(jap.service))
    page.get_by_label("Juge de l'application des peines").select_option(label=jap.get_full_name())
    assert_accessible(page, "nouvelle mesure")
    page.get_by_role("button", name="Enregistrer").click()
    # Over the law's maximum: refused, with the reason, and the page stays accessible.
    expect(page.locator("main")).to_contain_text("compris entre 20 et 400")
    assert_accessible(page, "nouvelle mesure refusée")
    page.get_by_label("Heures prononcées").fill("105")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_contain_text("MARTIN Kevin")
    expect(page.locator("#echeance")).to_contain_text("01/09/2027")
    assert_accessible(page, "fiche de la mesure")

    judge = new_page()
    log_in(judge, jap, PASSWORD)
    judge.get_by_role("link", name="Mesures").first.click()
    judge.get_by_role("link", name="21-2026-00042").click()
    judge.get_by_label("Motif").select_option("medical")
    judge.get_by_label("Du").fill("2026-11-01")
    judge.locator("#id_ends_on").fill("2026-11-10")
    judge.get_by_role("button", name="Suspendre le délai").click()
    expect(judge.locator("#echeance")).to_contain_text("11/09/2027")
    expect(judge.locator("#suspensions")).to_contain_text("Motif grave d'ordre médical")
    assert_accessible(judge, "fiche de la mesure vue par le JAP")

    page.get_by_role("link", name="Mesures").first.click()
    expect(page.locator("table")).to_contain_text("11/09/2027")
    assert_accessible(page, "suivi des mesures")

    # The director looks for a post near the residence and decides the assignment.
    head = new_page()
    log_in(head, director, PASSWORD)
    head.goto("/mesures/")
    head.get_by_role("link", name="21-2026-00042").click()
    head.get_by_role("link", name="Choisir un poste").click()
    expect(head.locator("#titre-suggestions")).to_contain_text("1 poste")
    assert_accessible(head, "choix du poste")
    head.get_by_role("link", name="Affecter sur ce poste").click()
    head.get_by_label("Tâches confiées").fill("Entretien des massifs du parc.")
    head.get_by_label("Horaires").fill("Le samedi de 9 h à 12 h.")
    assert_accessible(head, "décision d'affectation")
    head.get_by_role("button", name="Décider l'affectation").click()
    expect(head.locator("#affectation")).to_contain_text("Espaces verts du parc de la Colombière")
    expect(head.locator("#etat-mesure")).to_have_text("Affectée à un poste")
    assert not page.errors and not judge.errors and not head.errors, page.errors + judge.errors + head.errors
