"""Every kind of page, checked with axe in Chromium (WCAG 2.1 A/AA, no serious or critical violation)."""

import pytest

from tests.accounts.factories import PASSWORD, host_member, national_admin, referent
from tests.browser.conftest import assert_accessible, log_in
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.posts.enums import PostStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages(page):
    for url in ("/connexion/", "/mot-de-passe/oublie/", "/accessibilite/", "/donnees-personnelles/", "/nulle-part/"):
        page.goto(url)
        assert_accessible(page, url)
    # A refused login, with its error message.
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill("personne@exemple.test")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_text("Adresse électronique ou mot de passe incorrect.").is_visible()
    assert_accessible(page, "connexion refusée")
    assert page.errors == []


def test_pages_of_the_agency_and_referents(page):
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    PostFactory(organisation=organisation, title="Brouillon", status=PostStatus.DRAFT)
    PostFactory(organisation=organisation, title="Entretien des parcs")
    referent("21")
    log_in(page, national_admin(), PASSWORD)
    for url in (
        "/structures/",
        f"/structures/{organisation.pk}/",
        "/structures/nouvelle/",
        f"/structures/{organisation.pk}/modifier/",
        f"/postes/nouveau/?structure={organisation.pk}",
        "/invitations/",
        "/invitations/nouvelle/",
        "/journal/",
        "/compte/",
        "/postes/?departement=21",
    ):
        page.goto(url)
        assert_accessible(page, url)
    # A refused form.
    page.goto("/structures/nouvelle/")
    page.get_by_role("button", name="Enregistrer").click()
    assert_accessible(page, "structure refusée")
    assert page.errors == []


def test_pages_of_an_organisation_member(page):
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    post = PostFactory(organisation=organisation, title="Entretien des parcs")
    log_in(page, host_member(organisation), PASSWORD)
    page.goto("/")
    assert_accessible(page, "accueil d'une structure")
    page.goto(f"/postes/{post.pk}/")
    assert_accessible(page, "fiche de son poste")
    assert page.errors == []
