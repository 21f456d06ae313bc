"""Every kind of page, checked with axe in Chromium (WCAG 2.1 A/AA, no serious or critical violation)."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, host_member, lawyer, national_admin, probation_officer, referent
from tests.browser.conftest import assert_accessible, log_in
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import AgreementFactory, PartnerFactory, coordinator_of
from tests.posts.factories import PostFactory
from tests.prospecting.factories import TargetFactory
from tests.territories.factories import commune
from tig.posts.enums import PostStatus
from tig.prospecting.enums import ObjectiveMetric, Stage
from tig.prospecting.services import set_objective
from tig.training import starter as training_starter

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages(page):
    for url in (
        "/connexion/",
        "/mot-de-passe/oublie/",
        "/accessibilite/",
        "/donnees-personnelles/",
        "/donnees/",
        "/api/",
        "/formation/verification/?code=0123456789AB",
        "/nulle-part/",
    ):
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


def test_an_api_key_from_the_account(page):
    """A lawyer creates a key from the account page, reads the API with it, then revokes it."""
    PostFactory(commune=commune("dijon"), title="Entretien des parcs")
    log_in(page, lawyer(), PASSWORD)
    page.goto("/compte/")
    page.get_by_role("link", name="Mes clés d'API").click()
    page.get_by_label("Nom de la clé").fill("Logiciel du cabinet")
    page.get_by_role("button", name="Créer la clé").click()
    key = page.get_by_label("Votre clé").input_value()
    assert key.startswith("tig_")
    assert_accessible(page, "clé créée")
    answer = page.request.get("/api/v1/postes/?departement=21", headers={"Authorization": f"Bearer {key}"})
    assert answer.status == 200 and answer.json()["resultats"][0]["intitule"] == "Entretien des parcs"
    page.get_by_role("button", name="Révoquer la clé Logiciel du cabinet").click()
    expect(page.get_by_text("La clé « Logiciel du cabinet » est révoquée")).to_be_visible()
    assert_accessible(page, "clé révoquée")
    answer = page.request.get("/api/v1/postes/?departement=21", headers={"Authorization": f"Bearer {key}"})
    assert answer.status == 401
    assert page.errors == []


def test_pages_of_the_agency_and_referents(page):
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    PostFactory(organisation=organisation, title="Brouillon", status=PostStatus.DRAFT)
    PostFactory(organisation=organisation, title="Entretien des parcs")
    leaving = referent("21")
    admin = national_admin()
    TargetFactory(stage=Stage.CONTACTED, assigned_to=leaving, next_step="Rappeler", next_step_on=date(2026, 1, 5))
    set_objective(admin, year=timezone.localdate().year, metric=ObjectiveMetric.POSTS, target=3, departement_code="21")
    log_in(page, admin, PASSWORD)
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
        "/statistiques/",
        "/prospection/",
        "/prospection/import/",
        "/prospection/zones-blanches/?territoire=d21",
        "/prospection/a-relancer/",
        "/prospection/objectifs/",
        "/prospection/passation/",
    ):
        page.goto(url)
        assert_accessible(page, url)
    # Refused forms.
    page.goto("/structures/nouvelle/")
    page.get_by_role("button", name="Enregistrer").click()
    assert_accessible(page, "structure refusée")
    page.goto("/prospection/objectifs/")
    page.get_by_role("button", name="Enregistrer l'objectif").click()
    expect(page.get_by_text("Choisissez un département ou un référent")).to_be_visible()
    assert_accessible(page, "objectif refusé")
    assert page.errors == []


def test_pages_of_the_partnerships(page):
    """The agency enters a partner and its agreement, a referent brings an organisation into its
    network, the partner's coordinator reads the figures; every page checked with axe."""
    organisation = OrganisationFactory(commune=commune("dijon"), name="Agence de Dijon")
    PostFactory(organisation=organisation, title="Entretien des parcs", places_offered=4, places_taken=1)
    partner = PartnerFactory(name="Réseau national")
    AgreementFactory(partner=partner, title="Accord-cadre 2025")
    log_in(page, national_admin(), PASSWORD)
    for url in ("/partenariats/", "/partenariats/nouveau/", f"/partenariats/{partner.pk}/conventions/nouvelle/"):
        page.goto(url)
        assert_accessible(page, url)
    page.goto("/partenariats/nouveau/")
    page.get_by_label("SIREN").fill("123")
    page.get_by_role("button", name="Enregistrer").click()
    assert_accessible(page, "partenaire refusé")
    page.context.clear_cookies()
    log_in(page, referent("21"), PASSWORD)
    page.goto(f"/partenariats/{partner.pk}/")
    page.get_by_label("SIRET de la structure d'accueil").fill(organisation.siret)
    page.get_by_role("button", name="Ajouter au réseau").click()
    expect(page.get_by_text("« Agence de Dijon » rejoint le réseau de Réseau national.")).to_be_visible()
    assert_accessible(page, "fiche d'un partenaire")
    page.goto(f"/partenariats/{partner.pk}/etablissements/")
    assert_accessible(page, "structures du réseau")
    page.context.clear_cookies()
    log_in(page, coordinator_of(partner), PASSWORD)
    page.goto("/")
    expect(page.get_by_role("heading", name="Le réseau de Réseau national")).to_be_visible()
    expect(page.get_by_role("row", name="Total")).to_contain_text("secret")
    assert_accessible(page, "le réseau du partenaire")
    assert page.errors == []


def test_pages_of_the_network(page):
    """A referent creates an event, a tutor registers and reads their record; axe on each page."""
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    tutor = host_member(organisation, role="tutor")
    PostFactory(organisation=organisation, title="Entretien des parcs").tutors.add(tutor)
    log_in(page, referent("21"), PASSWORD)
    page.goto("/reseau/rencontres/nouvelle/")
    assert_accessible(page, "nouvelle rencontre")
    page.get_by_role("button", name="Créer la rencontre").click()
    assert_accessible(page, "rencontre refusée")
    page.get_by_label("Intitulé").fill("Réunion des tuteurs")
    page.get_by_label("Nature").select_option(label="Rencontre entre tuteurs")
    page.get_by_label("Département").select_option("21")
    start = timezone.localtime() + timedelta(days=7)
    page.get_by_label("Début").fill(f"{start:%Y-%m-%dT%H:%M}")
    page.get_by_label("Fin").fill(f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M}")
    page.get_by_role("textbox", name=re.compile(r"^Lieu")).fill("Mairie de Dijon")
    page.get_by_role("button", name="Créer la rencontre").click()
    page.get_by_role("button", name="Inviter les structures").click()
    expect(page.get_by_text("1 invitation envoyée.")).to_be_visible()
    assert_accessible(page, "une rencontre, côté organisateur")
    for url in ("/reseau/", "/reseau/tuteurs/", f"/reseau/tuteurs/{tutor.pk}/"):
        page.goto(url)
        assert_accessible(page, url)
    page.context.clear_cookies()
    log_in(page, tutor, PASSWORD)
    page.goto("/reseau/")
    page.get_by_role("link", name="Réunion des tuteurs").click()
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_text("Vous êtes inscrit à la rencontre.")).to_be_visible()
    assert_accessible(page, "une rencontre, côté tuteur")
    page.get_by_role("link", name="Toutes les rencontres").click()
    page.get_by_role("link", name="Mon parcours de tuteur").click()
    expect(page.get_by_role("heading", name="Mon parcours de tuteur")).to_be_visible()
    assert_accessible(page, "mon parcours de tuteur")
    assert page.errors == []


def test_pages_of_the_training(page):
    """A tutor follows a lesson, fails and passes a quiz, by keyboard and mouse; axe on each page."""
    version = training_starter.load()
    log_in(page, host_member(OrganisationFactory(commune=commune("dijon")), role="tutor"), PASSWORD)
    page.goto("/formation/")
    assert_accessible(page, "formations")
    page.get_by_role("link", name="Accueillir une personne en travail d'intérêt général").click()
    assert_accessible(page, "sommaire d'une formation")
    page.get_by_role("link", name="Commencer la formation").click()
    expect(page.get_by_role("heading", name="Ce que dit la loi")).to_be_visible()
    assert_accessible(page, "une leçon")
    page.get_by_role("button", name="J'ai lu cette leçon : au quiz du module").click()
    page.get_by_role("button", name="Valider mes réponses").click()
    expect(page.get_by_text("Répondez à cette question.").first).to_be_visible()
    assert_accessible(page, "quiz refusé")
    page.get_by_text("De 20 à 400 heures").click()
    page.get_by_label("Le SPIP, ou la PJJ pour un mineur").focus()  # by keyboard
    page.keyboard.press("Space")
    page.get_by_role("button", name="Valider mes réponses").click()
    expect(page.get_by_role("heading", name="Module réussi : 100 % de bonnes réponses")).to_be_visible()
    assert_accessible(page, "quiz réussi")
    assert version.modules.count() == 5
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


def test_pages_of_the_measures_follow_up(page):
    officer = probation_officer("21")
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    placement = PlacementFactory(
        measure=MeasureFactory(service=officer.service, officer=officer),
        post=PostFactory(organisation=organisation, title="Entretien des parcs", places_taken=1),
    )
    admin = host_member(organisation)
    log_in(page, admin, PASSWORD)
    page.goto(f"/mesures/accueil/{placement.pk}/")
    page.get_by_role("button", name="Signaler l'incident").click()  # empty: refused
    assert_accessible(page, "incident refusé")
    page.get_by_role("button", name="Mettre fin à l'accueil").click()
    assert_accessible(page, "fin d'accueil refusée")
    page.context.clear_cookies()
    log_in(page, officer, PASSWORD)
    page.goto(f"/mesures/{placement.measure_id}/non-execution/")
    page.get_by_role("button", name="Adresser au juge").click()
    assert_accessible(page, "non-exécution refusée")
    page.get_by_label("Motif de la non-exécution").select_option("refusal")
    page.get_by_label("Rapport au juge").fill("Refus exprimé au conseiller le 20/11.")
    page.get_by_role("button", name="Adresser au juge").click()
    expect(page.locator("#etat-mesure")).to_have_text("Non exécutée, rapport au juge")
    assert_accessible(page, "mesure non exécutée")
    assert page.errors == []


def test_the_statistics_charts_draw_beside_their_tables(page):
    """The State's charts (@gouvfr/dsfr-chart) under the site's CSP: the map of the départements
    and the quarters' line, each with the table that holds its figures, and axe clean."""
    import time_machine

    from tig.stats.tasks import take_snapshot

    for key in ("dijon", "lille", "macon"):
        PostFactory(organisation=OrganisationFactory(commune=commune(key)))
    with time_machine.travel("2026-09-30 12:00 +02:00", tick=False):
        take_snapshot.call()
    PostFactory(organisation=OrganisationFactory(commune=commune("beaune")))
    take_snapshot.call()
    log_in(page, national_admin(), PASSWORD)
    page.goto("/statistiques/")
    expect(page.locator("map-chart svg path").first).to_be_attached()
    expect(page.locator("line-chart canvas")).to_have_count(1)
    assert page.locator("#indicateurs tbody tr").count() >= 4  # France and the three départements
    assert page.locator("#historique tbody tr").count() == 2
    assert_accessible(page, "statistiques avec leurs graphiques")
    assert page.errors == []


def test_pages_of_a_collective_worksite(page):
    """The host plans four Saturdays by keyboard and mouse; axe on the sessions, a refusal, a session."""
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    worksite = PostFactory(organisation=organisation, title="Rénovation du stade", collective=True)
    log_in(page, host_member(organisation), PASSWORD)
    page.goto(f"/postes/{worksite.pk}/")
    page.get_by_role("link", name="Gérer les séances et les encadrants").click()
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("Ce champ est obligatoire.").first).to_be_visible()
    assert_accessible(page, "séances refusées")
    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 or 7)
    page.get_by_label("Date (de la première séance)").fill(saturday.isoformat())
    page.get_by_label("Début").fill("08:30")
    page.get_by_label("Fin").fill("12:00")
    page.get_by_label("Places par séance").fill("6")
    page.get_by_label("Point de rendez-vous").fill("Entrée du stade")
    page.get_by_label("Nombre de semaines").fill("4")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("4 séances ajoutées.")).to_be_visible()
    assert_accessible(page, "séances d'un chantier")
    page.get_by_role("link", name=re.compile("Modifier ou annuler")).first.click()
    expect(page.get_by_role("heading", name=re.compile("Séance du"))).to_be_visible()
    assert_accessible(page, "une séance")
    assert page.errors == []
