"""The training from the invitation to the attestation, in Chromium with axe on each page: a new
tutor opens the invitation, reads every lesson (one with screenshots of the platform), passes
every quiz, downloads the attestation, whose code the public page confirms; the referent follows
the tutor and writes a course of their own with an image."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, host_member, national_admin, referent
from tests.browser.conftest import assert_accessible, log_in
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune
from tig.training import learning
from tig.training import starter as training_starter
from tig.training.models import Completion

pytestmark = pytest.mark.django_db(transaction=True)

PNG = (training_starter.SCREENSHOTS_DIR / "saisie-heures.png").as_posix()


def test_from_the_invitation_to_the_attestation(page):
    version = training_starter.load()
    tutor = host_member(OrganisationFactory(commune=commune("dijon")), role="tutor", last_name="Renaud")
    log_in(page, tutor, PASSWORD)
    page.goto("/notifications/")
    assert_accessible(page, "l'invitation")
    page.get_by_role("button", name=re.compile("Ouvrir.*Formation en ligne")).click()
    expect(page.get_by_role("heading", level=1, name=version.course.title)).to_be_visible()
    slug = version.course.slug
    for module in learning.modules(version):
        for lesson in module.lessons.all():
            page.goto(f"/formation/{slug}/lecons/{lesson.pk}/")
            if lesson.title == "Saisir les heures":
                expect(page.get_by_role("img", name=re.compile("Le formulaire Saisir des heures"))).to_be_visible()
                assert_accessible(page, "une leçon et ses captures d'écran")
            page.get_by_role("button", name=re.compile("J'ai lu cette leçon")).click()
        page.goto(f"/formation/{slug}/modules/{module.pk}/quiz/")
        for question in module.questions.all():
            for choice in question.choices.all():
                if choice.correct:
                    box = page.locator(f"input[name='q{question.pk}'][value='{choice.pk}']")
                    page.locator(f"label[for='{box.get_attribute('id')}']").click()
        page.get_by_role("button", name="Valider mes réponses").click()
        expect(page.get_by_role("heading", name=re.compile("Module réussi"))).to_be_visible()
    page.goto(f"/formation/{slug}/")
    expect(page.get_by_role("heading", name=re.compile("Formation terminée le"))).to_be_visible()
    assert_accessible(page, "formation terminée")
    code = Completion.objects.get(user=tutor).code
    link = page.get_by_role("link", name="Mon attestation de formation (PDF)")
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    page.context.clear_cookies()
    page.goto(f"/formation/verification/?code={code}")
    expect(page.get_by_text(re.compile("Attestation valable"))).to_be_visible()
    assert page.errors == []


def test_a_referent_follows_the_tutors_and_writes_a_course(page):
    training_starter.load()
    host_member(OrganisationFactory(commune=commune("dijon")), role="tutor", last_name="Renaud")
    log_in(page, referent("21"), PASSWORD)
    page.goto("/formation/")
    page.get_by_role("link", name="Suivre la formation des tuteurs").click()
    expect(page.get_by_role("row", name=re.compile("Renaud"))).to_contain_text("Pas commencée")
    assert_accessible(page, "suivi de la formation")
    page.goto("/formation/redaction/")
    assert_accessible(page, "rédaction")
    page.get_by_label("Intitulé").fill("Les chantiers de Côte-d'Or")
    page.get_by_label("Présentation").fill("Ce qu'il faut savoir avant le premier jour.")
    page.get_by_label("Pour qui").select_option("21")
    page.get_by_role("button", name="Créer la formation").click()
    page.get_by_role("link", name="Ajouter un module").click()
    page.get_by_label("Intitulé du module").fill("Avant de commencer")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Ajouter une leçon").click()
    page.get_by_label("Intitulé de la leçon").fill("Le matériel")
    page.get_by_label("Contenu").fill("## Ce que fournit la structure\n- Des gants\n- Un gilet")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_label("Type").select_option("image")
    page.locator("#id_media-title").fill("La page des heures")
    page.locator("#id_media-file").set_input_files(PNG)
    page.get_by_role("button", name="Ajouter le média").click()
    expect(page.get_by_text("Décrivez l'image")).to_be_visible()
    assert_accessible(page, "média refusé")
    page.get_by_label("Type").select_option("image")
    page.locator("#id_media-title").fill("La page des heures")
    page.locator("#id_media-file").set_input_files(PNG)
    page.get_by_label("Texte de remplacement (image)").fill("Le formulaire de saisie des heures")
    page.get_by_role("button", name="Ajouter le média").click()
    expect(page.get_by_role("img", name="Le formulaire de saisie des heures")).to_be_visible()
    assert_accessible(page, "leçon en rédaction")
    page.get_by_role("link", name="Retour à la formation").click()
    page.get_by_role("button", name="Envoyer en relecture").click()
    expect(page.get_by_text("Une autre personne qui rédige les formations de ce territoire la publie.")).to_be_visible()
    assert_accessible(page, "version en relecture")
    assert page.errors == []


def test_the_agency_withdraws_an_attestation_and_allows_a_national_author(page):
    version = training_starter.load()
    tutor = host_member(OrganisationFactory(commune=commune("dijon")), role="tutor")
    completion = Completion.objects.create(user=tutor, version=version)
    author = referent("21", last_name="Garnier")
    log_in(page, national_admin(), PASSWORD)
    page.goto("/formation/")
    page.get_by_role("link", name="Retirer une attestation").click()
    page.get_by_label("Code de vérification de l'attestation").fill("pas un code")
    page.get_by_label("Motif du retrait").fill("Obtenue par erreur")
    page.get_by_role("button", name="Retirer l'attestation").click()
    expect(page.get_by_text("Un code de vérification a 12 caractères")).to_be_visible()
    assert_accessible(page, "retrait refusé")
    page.get_by_label("Code de vérification de l'attestation").fill(completion.code)
    page.get_by_role("button", name="Retirer l'attestation").click()
    expect(page.get_by_role("row", name=re.compile(completion.code))).to_contain_text("Obtenue par erreur")
    assert_accessible(page, "attestation retirée")
    page.goto("/formation/redaction/redacteurs-nationaux/")
    page.get_by_role("button", name=re.compile("Autoriser .*Garnier")).click()
    expect(page.get_by_role("button", name=re.compile("Retirer l'autorisation de .*Garnier"))).to_be_visible()
    assert_accessible(page, "rédacteurs des formations nationales")
    assert author.training_author is not None
    assert page.errors == []
