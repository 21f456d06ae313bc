"""The referent's prospecting in a browser (issue 14): a white zone found, the town hall of its
largest commune opened, a call logged, a next step set, the mayor's office invited; the town hall
signs up through the invitation's link (filled in), and the stage moves by itself as its first
post is registered. axe on every page."""

import random
import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, referent
from tests.browser.conftest import assert_accessible, log_in
from tests.posts.factories import PostFactory
from tests.prospecting.factories import town_hall
from tests.territories.factories import CommuneFactory, commune
from tig.notifications.models import Email
from tig.organisations.models import Organisation
from tig.posts.generation import luhn_siret

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_referent_turns_a_white_zone_into_active_posts(new_page, mailoutbox):
    dijon = commune("dijon")
    commune("chenove")  # 4 km from Dijon: covered
    siret = luhn_siret(random.Random(7), prefix="21")
    hall = town_hall("beaune", siren=siret[:9], email="mairie@beaune.test")  # 37 km away: the largest gap
    CommuneFactory(code="21900", name="Petit-Village", departement=dijon.departement, population=300, lat=47.6, lon=4.4)
    PostFactory(commune=dijon, organisation__commune=dijon)
    user = referent("21", first_name="Rémi", last_name="Référent")
    page = new_page()
    log_in(page, user, PASSWORD)

    page.get_by_role("link", name="Prospection").first.click()
    expect(page.locator("h1")).to_have_text("Prospection")
    assert_accessible(page, "la prospection")
    page.get_by_role("link", name="Zones blanches").click()
    page.get_by_label("Distance au poste le plus proche (km)").fill("20")
    page.get_by_role("button", name="Afficher").click()
    rows = page.locator("#communes tbody tr")
    expect(rows.first).to_contain_text("Beaune (21)")
    expect(rows.nth(1)).to_contain_text("Petit-Village (21)")
    expect(page.locator("#carte-zones")).to_have_attribute("data-ready", "true")
    assert_accessible(page, "les zones blanches")

    rows.first.get_by_role("link", name=re.compile("Fiche de la mairie")).click()
    expect(page.locator("h1")).to_have_text("Mairie de Beaune")
    assert_accessible(page, "la fiche d'une mairie")

    page.get_by_label("Type d'échange").select_option(label="Appel")
    page.get_by_label("Compte rendu").fill("Appel au cabinet du maire : intéressé par des postes aux espaces verts.")
    page.locator("#id_echange-next_step").fill("Envoyer la plaquette")
    page.get_by_role("button", name="Noter l'échange").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("échange est noté")
    expect(page.get_by_text("Étape : Contactée")).to_be_visible()

    page.locator("#id_suite-next_step").fill("Rencontrer le maire")
    page.locator("#id_suite-next_step_on").fill("2099-01-15")
    page.get_by_role("button", name="Enregistrer la prochaine étape").click()
    expect(page.locator("#prochaine-etape")).to_contain_text("Rencontrer le maire")

    expect(page.get_by_label("Adresse électronique de la structure")).to_have_value("mairie@beaune.test")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("invitation est envoyée")
    assert_accessible(page, "la fiche après l'invitation")

    # The town hall follows the invitation's link: the organisation's part is filled in.
    invitation = Email.objects.get(to="mairie@beaune.test")
    link = re.search(r"http://\S+/structures/inscription/\?\S+", invitation.body).group(0)
    town = new_page()
    town.goto(re.sub(r"^http://[^/]+", "", link))
    expect(town.get_by_label("Nom de la structure")).to_have_value("Mairie de Beaune")
    expect(town.get_by_label("Commune du siège")).to_have_value("Beaune (21)")
    expect(town.get_by_label("Statut juridique")).to_have_value("collectivite")
    assert_accessible(town, "l'inscription depuis l'invitation")
    town.get_by_label("SIRET de la structure").fill(siret)
    town.locator("#id_address").fill("Place Monge")
    town.get_by_label("Votre prénom").fill("Anne")
    town.get_by_label("Votre nom").fill("Secrétaire")
    town.get_by_label("Votre adresse électronique").fill("dgs@beaune.test")
    town.locator("#id_password1").fill(PASSWORD)
    town.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    town.get_by_role("button", name="Inscrire la structure").click()
    confirm = re.search(r"http://\S+/inscription/confirmer/\S+/", mailoutbox[-1].body).group(0)
    town.goto(re.sub(r"^http://[^/]+", "", confirm))
    town.get_by_role("button", name="Confirmer et créer l'espace de la structure").click()
    expect(town.locator("h1")).to_have_text("Mairie de Beaune")

    page.reload()
    expect(page.get_by_text("Étape : Inscrite sur la plateforme")).to_be_visible()
    # Its first post registered on the departmental list, in search.
    PostFactory(organisation=Organisation.objects.get(siret=siret))
    page.reload()
    expect(page.get_by_text("Étape : Postes actifs")).to_be_visible()
    expect(page.locator("#historique tbody tr").first).to_contain_text("La plateforme")
    assert_accessible(page, "la fiche d'une cible devenue structure d'accueil")
    hall.refresh_from_db()
    assert hall.organisation is not None
    for each in (page, town):
        assert not each.errors, each.errors
