"""The whole habilitation and registration journey, as each person sees it in a browser:
an association applies, the referent asks for a change, the association completes, the
prosecutor and the JAP give their opinions, the director grants; the association then asks
for a post's registration, which appears in search only after the decision."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, host_member, magistrate, probation_officer, referent, spip_director
from tests.browser.conftest import assert_accessible, log_in
from tests.habilitations.factories import association
from tests.posts.factories import PostFactory
from tig.accounts.enums import MagistrateFunction
from tig.posts.enums import Registration

pytestmark = pytest.mark.django_db(transaction=True)

PDF = {"name": "piece.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%journey\n"}
POST_TITLE = "Atelier de réparation de vélos"


@pytest.fixture
def cast():
    organisation = association(name="Recyclerie du Grand Dijon")
    PostFactory(organisation=organisation, title=POST_TITLE, registration=Registration.UNREGISTERED)
    jap = magistrate(MagistrateFunction.JAP, first_name="Hélène", last_name="Juge")
    return {
        "organisation": organisation,
        "admin": host_member(organisation, first_name="Claire", last_name="Fontaine"),
        "referent": referent("21", first_name="Rémi", last_name="Référent"),
        "prosecutor": magistrate(MagistrateFunction.PROSECUTOR, first_name="Paul", last_name="Parquet"),
        "jap": jap,
        "director": spip_director("21", first_name="Denise", last_name="Directrice"),
        "officer": probation_officer("21"),
    }


@pytest.fixture
def as_(new_page):
    """A page signed in as the given user (one browser context each, kept for the test)."""
    pages = {}

    def page_for(user):
        if user.pk not in pages:
            pages[user.pk] = new_page()
            log_in(pages[user.pk], user, PASSWORD)
        return pages[user.pk]

    return page_for


def open_waiting_file(page, reference_pattern=r"^HAB-|^INS-"):
    page.goto("/dossiers/")
    page.locator("table a", has_text=re.compile(reference_pattern)).first.click()
    expect(page.locator("h1")).to_be_visible()


def attach(page, kind_label):
    page.get_by_label("Pièce").select_option(label=kind_label)
    page.get_by_label("Fichier").set_input_files(PDF)
    page.get_by_role("button", name="Joindre ce fichier").click()
    expect(page.locator("table", has_text="Pièces jointes")).to_contain_text(kind_label)


def add_person(page, last_name, first_names, birth_date, birth_place, **by_label):
    page.locator("#id_last_name").fill(last_name)
    page.get_by_label("Prénoms").fill(first_names)
    page.get_by_label("Date de naissance").fill(birth_date)
    page.get_by_label("Lieu de naissance").fill(birth_place)
    for label, value in by_label.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Ajouter cette personne").click()


def give_opinions(as_, cast):
    for key in ("prosecutor", "jap"):
        page = as_(cast[key])
        open_waiting_file(page)
        page.locator("label", has_text="Favorable").first.click()
        page.get_by_label("Motifs").fill("Structure sérieuse, encadrement assuré.")
        page.get_by_role("button", name="Rendre mon avis").click()
        expect(page.locator("#historique")).to_contain_text("Avis")
        if key == "jap":
            assert_accessible(page, "dossier vu par le JAP")


def decide(page, reason):
    open_waiting_file(page)
    assert_accessible(page, "dossier vu par le directeur")
    page.locator("label", has_text="Favorable").first.click()
    page.get_by_label("Motifs de la décision").fill(reason)
    page.get_by_role("button", name="Enregistrer la décision").click()


def search_dijon(page):
    page.goto("/postes/?lieu=Dijon&rayon=10")
    return page.locator("#resultats")


def test_an_association_is_habilitated_and_its_post_enters_search(as_, cast):
    admin = as_(cast["admin"])

    # The association applies, step by step.
    admin.goto(f"/structures/{cast['organisation'].pk}/")
    assert_accessible(admin, "espace de la structure")
    admin.get_by_role("link", name="Demander une habilitation").click()
    admin.get_by_label("Département").select_option("21")
    admin.locator("label", has_text="Majeurs").click()
    admin.get_by_label("Présentation de la structure").fill("Réemploi et réparation d'objets donnés.")
    assert_accessible(admin, "dossier, étape 1")
    admin.get_by_role("button", name="Enregistrer et continuer").click()

    add_person(admin, "Garnier", "Bruno", "1971-04-02", "Beaune (21)", Nationalité="française", Fonction="Président")
    expect(admin.locator("table", has_text="Personnes du dossier")).to_contain_text("Garnier Bruno")
    assert_accessible(admin, "dossier, étape personnes")
    admin.get_by_role("link", name="Continuer").click()

    for label in ("Statuts", "Liste des établissements et de leur siège"):
        attach(admin, label)
    assert_accessible(admin, "dossier, étape pièces")
    admin.get_by_role("link", name="Continuer").click()
    expect(admin.get_by_role("button", name="Déposer le dossier")).to_be_disabled()  # the minutes are missing
    admin.go_back()
    attach(admin, "Procès-verbal de la dernière assemblée générale")
    admin.get_by_role("link", name="Continuer").click()
    assert_accessible(admin, "dossier, envoi")
    admin.get_by_role("button", name="Déposer le dossier").click()
    expect(admin.locator("#etat-dossier")).to_have_text("Déposé, en cours d'examen par le référent")

    # The referent asks for a change.
    referent_page = as_(cast["referent"])
    open_waiting_file(referent_page)
    assert_accessible(referent_page, "dossier vu par le référent")
    referent_page.get_by_label("Modifications attendues").fill("Joignez les statuts signés.")
    referent_page.get_by_role("button", name="Demander des modifications").click()
    expect(referent_page.locator("#etat-dossier")).to_have_text("Modifications demandées à la structure")

    # The association reads why, completes and files again.
    admin.goto("/notifications/")
    expect(admin.locator("main")).to_contain_text("Joignez les statuts signés.")
    assert_accessible(admin, "notifications")
    open_waiting_file(admin)
    admin.get_by_role("link", name="Compléter le dossier").click()
    admin.goto(admin.url.replace("/etape/demande/", "/etape/pieces/"))
    attach(admin, "Statuts")
    admin.get_by_role("link", name="Continuer").click()
    admin.get_by_role("button", name="Déposer le dossier").click()
    expect(admin.locator("#etat-dossier")).to_have_text("Déposé, en cours d'examen par le référent")

    # The referent asks the tribunal's opinions; the director cannot decide yet.
    open_waiting_file(referent_page)
    referent_page.get_by_role("button", name="Demander les avis").click()
    expect(referent_page.locator("#etat-dossier")).to_contain_text("Avis demandés")
    director = as_(cast["director"])
    open_waiting_file(director)
    expect(director.locator("main")).to_contain_text("Un avis manque encore")
    expect(director.get_by_role("button", name="Enregistrer la décision")).to_have_count(0)

    give_opinions(as_, cast)
    decide(director, "Utilité sociale avérée.")
    expect(director.locator("#etat-dossier")).to_have_text("Habilitation accordée")

    # The post is not in search before its registration.
    officer = as_(cast["officer"])
    expect(search_dijon(officer)).not_to_contain_text(POST_TITLE)

    # The association asks for the post's registration.
    admin.goto(f"/structures/{cast['organisation'].pk}/")
    expect(admin.locator("main")).to_contain_text("Habilitée (majeurs")
    admin.get_by_role("link", name=POST_TITLE).click()
    admin.get_by_role("button", name="Demander l'inscription sur la liste départementale").click()
    admin.get_by_label("Note sur la nature et les modalités du travail").fill(
        "Réparation de vélos donnés, encadrée par un salarié, le mercredi."
    )
    admin.get_by_label("Nombre de places offertes").fill("2")
    admin.get_by_role("button", name="Enregistrer et continuer").click()
    add_person(admin, "Morel", "Sophie", "1980-09-12", "Dijon (21)", **{"Rôle auprès du poste": "Encadrante technique"})
    admin.get_by_role("link", name="Continuer").click()
    admin.get_by_role("link", name="Continuer").click()
    admin.get_by_role("button", name="Déposer le dossier").click()
    expect(admin.locator("#etat-dossier")).to_have_text("Déposé, en cours d'examen par le référent")

    open_waiting_file(referent_page, r"^INS-")
    referent_page.get_by_role("button", name="Demander les avis").click()
    give_opinions(as_, cast)
    expect(search_dijon(officer)).not_to_contain_text(POST_TITLE)
    decide(director, "Travail utile et formateur.")
    expect(director.locator("#etat-dossier")).to_have_text("Poste inscrit sur la liste départementale")

    # Now, and only now, the post is in search.
    expect(search_dijon(officer)).to_contain_text(POST_TITLE)

    for page in (admin, referent_page, director, officer):
        assert not page.errors, page.errors


def test_an_organisation_signs_up_and_its_admin_adds_a_tutor(page, mailoutbox):
    from tests.territories.factories import commune

    commune("dijon")
    page.goto("/")
    page.get_by_role("link", name="Inscrire une structure d'accueil").click()
    assert_accessible(page, "inscription d'une structure")
    page.get_by_label("Nom de la structure").fill("Jardins du Suzon")
    page.get_by_label("SIRET de la structure").fill("732 829 320 00074")
    page.get_by_label("Statut juridique").select_option(label="Association")
    page.locator("#id_address").fill("3 rue du Suzon")
    page.get_by_label("Commune du siège").fill("Dijon (21)")
    page.get_by_label("Votre prénom").fill("Claire")
    page.get_by_label("Votre nom").fill("Fontaine")
    page.get_by_label("Votre adresse électronique").fill("claire@jardins.test")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Inscrire la structure").click()
    expect(page.locator("h1")).to_have_text("Confirmez votre adresse électronique")

    link = re.search(r"http://\S+/inscription/confirmer/\S+/", mailoutbox[-1].body).group(0)
    page.goto(re.sub(r"^http://[^/]+", "", link))
    page.get_by_role("button", name="Confirmer et créer l'espace de la structure").click()
    expect(page.locator("h1")).to_have_text("Jardins du Suzon")
    assert_accessible(page, "espace d'une structure nouvellement inscrite")

    page.get_by_role("link", name="Gérer les membres").click()
    page.get_by_role("link", name="Ajouter un membre").click()
    page.get_by_label("Adresse électronique").fill("tuteur@jardins.test")
    page.get_by_label("Prénom").fill("Marc")
    page.locator("#id_last_name").fill("Noir")
    page.get_by_label("Rôle dans la structure").select_option(label="Tuteur")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.locator("main")).to_contain_text("Marc Noir <tuteur@jardins.test> — tuteur")
    assert_accessible(page, "membres de la structure")
    assert not page.errors, page.errors
