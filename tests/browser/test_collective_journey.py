"""A collective worksite from its sessions to the hours, in Chromium with axe on each page: the
town hall makes four Saturday sessions of six places and names its supervisor; the SPIP's
director enrols three measures on the series; after the first Saturday the supervisor fills
the attendance sheet on a phone-sized screen; each officer sees the hours on the measure's page
and validates them."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, host_member
from tests.browser.conftest import assert_accessible, log_in
from tests.collective.factories import service_team, waiting_measures, worksite
from tig.measures.models import Attendance

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}


def tick(page, box):
    """A DSFR checkbox is ticked through its label (the input itself is drawn by the label)."""
    page.locator(f"label[for='{box.get_attribute('id')}']").click()
    expect(box).to_be_checked()


def test_from_the_sessions_to_the_hours(new_page):
    with time_machine.travel("2026-12-07 10:00 +01:00", tick=True) as traveller:
        post = worksite(title="Rénovation du stade")
        admin = host_member(post.organisation, last_name="Mairie")
        supervisor = host_member(post.organisation, role="tutor", last_name="Encadrant")
        team = service_team()
        other_officer = service_team()["officer"]
        people = waiting_measures(team["officer"], 2) + waiting_measures(other_officer, 1)

        # The town hall makes the sessions and names the supervisor.
        page = new_page()
        log_in(page, admin, PASSWORD)
        page.goto(f"/postes/{post.pk}/seances/")
        page.get_by_label("Date (de la première séance)").fill("2026-12-12")
        page.get_by_label("Début").fill("08:30")
        page.get_by_label("Fin").fill("14:30")
        page.get_by_label("Places par séance").fill("6")
        page.get_by_label("Point de rendez-vous").fill("Entrée du stade, rue du Stade")
        page.get_by_label("Nombre de semaines").fill("4")
        page.get_by_role("button", name="Ajouter").click()
        expect(page.get_by_text("4 séances ajoutées.")).to_be_visible()
        tick(page, page.get_by_role("checkbox", name=re.compile("Camille Encadrant")))
        page.get_by_role("button", name="Enregistrer les encadrants").click()
        expect(page.get_by_text("Encadrants enregistrés.")).to_be_visible()
        assert_accessible(page, "les séances du chantier")

        # The director enrols the three measures on the series.
        page = new_page()
        log_in(page, team["director"], PASSWORD)
        page.get_by_role("link", name="Chantiers collectifs").first.click()
        assert_accessible(page, "chantiers collectifs (directeur)")
        page.get_by_role("link", name="Rénovation du stade").first.click()
        for person in people:
            tick(page, page.get_by_role("checkbox", name=re.compile(person.person_name)))
        tick(page, page.get_by_role("checkbox", name=re.compile("Inscrire aussi aux 3 séances suivantes")))
        assert_accessible(page, "inscription à une séance")
        page.get_by_role("button", name="Inscrire").click()
        expect(page.get_by_text(re.compile("Inscription enregistrée : 3 personnes, 12 places prises"))).to_be_visible()
        expect(page.locator("#seance")).to_contain_text("3 prises sur 6")

        # After the first Saturday, the supervisor fills the sheet on a phone.
        traveller.move_to("2026-12-12 15:00 +01:00")
        page = new_page()
        page.set_viewport_size(PHONE)
        log_in(page, supervisor, PASSWORD)
        page.goto("/chantiers/")
        page.get_by_role("link", name=re.compile("remplir la feuille de présence")).click()
        first, second, third = sorted(people, key=lambda person: person.last_name)
        for person, hours in ((first, "6"), (second, "5,5")):
            line = page.get_by_role("group", name=person.person_name)
            line.get_by_text("Présence", exact=True).click()
            line.get_by_label(re.compile("Heures effectuées")).fill(hours)
        absent = page.get_by_role("group", name=third.person_name)
        absent.get_by_text("Absence", exact=True).click()
        absent.get_by_text(re.compile("Signaler l'absence")).click()
        assert_accessible(page, "feuille de présence sur téléphone")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"la feuille déborde de l'écran : {width} px"
        page.get_by_role("button", name="Enregistrer la feuille").click()
        expect(page.get_by_text(re.compile("Feuille enregistrée : 3 personnes"))).to_be_visible()
        expect(page.locator("#pointage")).to_contain_text("5,5 h, à valider")

        # Each officer sees the hours on the measure's page and validates them.
        page = new_page()
        log_in(page, team["officer"], PASSWORD)
        page.goto(f"/mesures/{second.pk}/")
        expect(page.locator("#seances")).to_contain_text("présence, 5,5 h")
        assert_accessible(page, "la mesure et ses séances")
        page.get_by_role("button", name=re.compile("Valider les 5,5 heures")).click()
        expect(page.locator("#heures")).to_contain_text("validées le")
        page = new_page()
        log_in(page, other_officer, PASSWORD)
        page.goto(f"/mesures/{third.pk}/")
        expect(page.locator("#seances")).to_contain_text("absence (incident signalé)")
        expect(page.locator("#incidents")).to_contain_text("Absence du 12/12/2026")
        assert Attendance.objects.filter(validated_at__isnull=False).count() == 1
        assert page.errors == []
