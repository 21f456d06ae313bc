"""A measure from its record to its attestation, in a browser, with axe on every page: the
officer records it, the JAP suspends its deadline, the director finds a post near the
residence and assigns, the tutor records hours and reports an absence, the officer validates
the hours and reports to the JAP, the tutor delivers the attestation, the officer closes."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, host_member, magistrate, probation_officer, spip_director
from tests.browser.conftest import assert_accessible, log_in
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction
from tig.measures.models import Attendance, Placement

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def frozen():
    # The server thread reads the same clock: the dates below stay valid.
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=True):
        yield


def test_a_measure_from_its_record_to_its_attestation(new_page):
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    post = PostFactory(organisation=organisation, title="Espaces verts du parc de la Colombière")
    tutor = host_member(organisation, role="tutor", first_name="Pascal", last_name="Renaud")
    post.tutors.add(tutor)
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
    head.get_by_label("Heures prévues par semaine").fill("3")
    assert_accessible(head, "décision d'affectation")
    head.get_by_role("button", name="Décider l'affectation").click()
    expect(head.locator("#affectation")).to_contain_text("Espaces verts du parc de la Colombière")
    expect(head.locator("#etat-mesure")).to_have_text("Affectée à un poste")

    # The tutor sees the person on « Personnes accueillies », records the day's hours and
    # reports an absence.
    host = new_page()
    log_in(host, tutor, PASSWORD)
    host.get_by_role("link", name="Personnes accueillies", exact=True).click()
    assert_accessible(host, "personnes accueillies")
    host.get_by_role("link", name="MARTIN Kevin").click()
    host.locator("#id_worked_on").fill("2026-11-22")
    host.locator("#id_hours").fill("12")
    host.get_by_role("button", name="Enregistrer les heures").click()
    expect(host.locator("main")).to_contain_text("Au plus 10 heures par jour")
    assert_accessible(host, "saisie d'heures refusée")
    host.locator("#id_hours").fill("3.5")
    host.get_by_role("button", name="Enregistrer les heures").click()
    expect(host.locator("#feuille-heures")).to_contain_text("3,5 h")
    host.locator("#id_kind").select_option("absence")
    host.locator("#id_occurred_on").fill("2026-11-22")
    host.locator("#id_description").fill("Ne s'est pas présenté à 9 h ; arrivé à 10 h 30.")
    host.get_by_role("button", name="Signaler l'incident").click()
    expect(host.locator("#incidents-signales")).to_contain_text("Absence du 22/11/2026 — Le travail continue")
    assert_accessible(host, "personne accueillie")
    # The other Saturdays of the sheet, recorded the same way (the placement began earlier).
    placement = Placement.objects.get()
    Placement.objects.filter(pk=placement.pk).update(decided_at=placement.decided_at - timedelta(days=120))
    for week in range(1, 12):
        hours = Decimal("1.5") if week == 11 else Decimal(10)
        Attendance.objects.create(
            placement=placement, worked_on=date(2026, 11, 22) - timedelta(weeks=week), hours=hours, recorded_by=tutor
        )

    # The officer validates the hours and reports the absence to the JAP.
    page.goto("/mesures/")
    expect(page.locator("table")).to_contain_text("105 h à valider")
    page.get_by_role("link", name="21-2026-00042").click()
    assert_accessible(page, "fiche avec heures et incident")
    page.get_by_role("button", name="Valider les 105 heures en attente").click()
    expect(page.locator("#progression")).to_contain_text("105 h validées sur 105 h")
    page.get_by_role("link", name="Rédiger le rapport au juge").click()
    page.get_by_label("Rapport d'incident").fill("Retard isolé ; rappel des horaires fait le 22/11.")
    assert_accessible(page, "rapport d'incident")
    page.get_by_role("button", name="Adresser au juge").click()
    expect(page.locator("#incidents")).to_contain_text("Rapport au juge du 22/11/2026")

    # The tutor delivers the attestation; its PDF names the person and the hours.
    host.reload()
    host.get_by_role("button", name="Délivrer l'attestation d'exécution").click()
    expect(host.locator("main")).to_contain_text("Délivrée le 22/11/2026")
    attestation = host.request.get(host.get_by_role("link", name="Attestation (PDF)").get_attribute("href"))
    assert attestation.ok and attestation.headers["content-type"] == "application/pdf"

    # The officer closes; the director's view no longer counts the measure.
    page.reload()
    page.get_by_role("button", name="Clore la mesure : exécutée").click()
    expect(page.locator("#etat-mesure")).to_have_text("Exécutée")
    assert_accessible(page, "mesure close")
    head.goto("/mesures/service/")
    expect(head.locator("#vue-service")).to_contain_text("Aucune mesure en cours")
    assert_accessible(head, "vue du service")
    pages = (page, judge, head, host)
    assert not any(p.errors for p in pages), [p.errors for p in pages]
