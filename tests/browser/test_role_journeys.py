"""Each role's day from its home page, in a browser, with axe on every page: the count on the home
page opens the list behind it, and the role's main task is one click further. Then the hearing's
export, and a registered post's revision from the host's form to the decision."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import (
    PASSWORD,
    host_member,
    lawyer,
    magistrate,
    national_admin,
    pjj_director,
    probation_officer,
    referent,
    spip_director,
)
from tests.browser.conftest import assert_accessible, log_in
from tests.habilitations.factories import DossierFactory, association
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction
from tig.habilitations import services as files
from tig.habilitations.enums import DossierStatus
from tig.habilitations.models import Dossier
from tig.measures.enums import MeasureStatus
from tig.measures.models import Placement
from tig.organisations.enums import MembershipRole
from tig.posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

# The main sections of the measure's page: the main column's stacked one under the other, the
# suspensions beside them, none overlapping (a stray closing tag once made the hours, incidents
# and documents columns overlap on a desktop browser).
MAIN_COLUMN = ("#affectation", "table#heures", "#incidents", "#documents")
SIDE_COLUMN = "#suspensions"
LAYOUT = """([main, side]) => {
  const box = s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect() : null; };
  const problems = [];
  const boxes = main.map(s => [s, box(s)]).filter(([, r]) => r && r.height);
  for (let i = 1; i < boxes.length; i++) {
    const [a, r] = boxes[i - 1], [b, q] = boxes[i];
    if (q.top < r.bottom - 1) problems.push(b + " n'est pas sous " + a);
  }
  const aside = box(side);
  for (const [s, r] of boxes) {
    if (aside && r.right > aside.left + 1 && aside.right > r.left + 1 && r.bottom > aside.top + 1 && aside.bottom > r.top + 1)
      problems.push(s + " chevauche " + side);
  }
  return problems;
}"""


def assert_sections_laid_out(page, context: str) -> None:
    assert page.evaluate(LAYOUT, [list(MAIN_COLUMN), SIDE_COLUMN]) == [], context


@pytest.fixture
def world():
    dijon = commune("dijon")
    town = OrganisationFactory(commune=dijon, name="Ville de Dijon")
    post = PostFactory(organisation=town, title="Espaces verts de la Colombière", places_offered=3)
    tutor = host_member(town, role=MembershipRole.TUTOR, first_name="Pascal", last_name="Renaud")
    post.tutors.add(tutor)
    officer = probation_officer("21", first_name="Nadia", last_name="Conseil")
    director = spip_director("21", first_name="Denise", last_name="Directrice")
    jap = magistrate(MagistrateFunction.JAP, first_name="Hélène", last_name="Juge")
    today = timezone.localdate()
    late = MeasureFactory(
        service=officer.service,
        officer=officer,
        jap=jap,
        appi_number="21-EN-RETARD",
        deadline=today - timedelta(days=2),
    )
    to_assign = MeasureFactory(
        service=officer.service, officer=officer, appi_number="21-A-AFFECTER", status=MeasureStatus.REFERRED
    )
    placed = PlacementFactory(post=post, measure__service=officer.service, measure__officer=officer)
    DossierFactory(organisation=association(name="Recyclerie"), status=DossierStatus.SUBMITTED)
    return {
        "town": town,
        "post": post,
        "tutor": tutor,
        "officer": officer,
        "director": director,
        "jap": jap,
        "late": late,
        "to_assign": to_assign,
        "placed": placed,
    }


def test_the_officer_opens_the_alerts_then_proposes_a_post_that_the_director_assigns(new_page, world):
    page = new_page()
    log_in(page, world["officer"], PASSWORD)
    assert_accessible(page, "accueil du conseiller")
    page.get_by_role("link", name=re.compile("Mesures en alerte")).click()
    expect(page.locator("main")).to_contain_text("21-EN-RETARD")
    expect(page.locator("main")).not_to_contain_text("21-A-AFFECTER")
    assert_accessible(page, "mesures en alerte")
    page.get_by_role("link", name="21-EN-RETARD").click()
    assert_sections_laid_out(page, "fiche de la mesure")
    assert_accessible(page, "fiche d'une mesure en alerte")

    # The officer proposes a post for the measure to assign; the form starts from the post.
    page.goto("/")
    page.get_by_role("link", name=re.compile("Mesures à affecter")).click()
    page.get_by_role("link", name="21-A-AFFECTER").click()
    page.get_by_role("link", name="Choisir un poste").click()
    page.get_by_role("link", name=re.compile("Proposer ce poste au directeur")).first.click()
    expect(page.get_by_label("Tâches confiées")).to_have_value("Entretien des massifs.")
    page.get_by_label("Observation pour le directeur").fill("Disponible le lundi matin.")
    assert_accessible(page, "proposition d'un poste")
    page.get_by_role("button", name="Proposer ce poste").click()
    expect(page.locator("#propositions")).to_contain_text("Espaces verts de la Colombière")

    head = new_page()
    log_in(head, world["director"], PASSWORD)
    assert_accessible(head, "accueil du directeur")
    head.get_by_role("link", name=re.compile("Mesures à affecter")).click()
    head.get_by_role("link", name="21-A-AFFECTER").click()
    assert_sections_laid_out(head, "fiche de la mesure (directeur)")
    head.locator("#propositions").get_by_role("link", name=re.compile("Affecter sur ce poste")).click()
    expect(head.locator("main")).to_contain_text("Disponible le lundi matin.")
    expect(head.get_by_label("Tuteur qui accueille la personne")).to_have_value(str(world["tutor"].pk))
    head.locator("#id_first_appointment_at").fill("2026-12-14T09:00")
    assert_accessible(head, "affectation depuis la proposition")
    head.get_by_role("button", name="Décider l'affectation").click()
    expect(head.locator("#etat-mesure")).to_have_text("Affectée à un poste")
    assert Placement.objects.get(measure=world["to_assign"]).tutor == world["tutor"]
    assert page.errors == [] and head.errors == []


def test_the_tutor_records_hours_and_the_host_admin_sees_its_posts(new_page, world):
    tutor = new_page()
    log_in(tutor, world["tutor"], PASSWORD)
    assert_accessible(tutor, "accueil du tuteur")
    tutor.get_by_role("link", name=world["placed"].measure.person_name).click()
    expect(tutor.locator("#conseiller")).to_contain_text("Nadia Conseil")
    tutor.locator("#id_worked_on").fill(f"{timezone.localdate():%Y-%m-%d}")
    tutor.locator("#id_hours").fill("3")
    tutor.get_by_role("button", name="Enregistrer les heures").click()
    expect(tutor.locator("#feuille-heures")).to_contain_text("3 h")
    assert_accessible(tutor, "heures saisies")

    admin = new_page()
    log_in(admin, host_member(world["town"], first_name="Laurence", last_name="Bernard"), PASSWORD)
    assert_accessible(admin, "accueil de l'administrateur de la structure")
    posts = admin.get_by_role("table", name="Postes de vos structures")
    expect(posts).to_contain_text("Ville de Dijon")
    posts.get_by_role("link", name="Ville de Dijon").click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Ville de Dijon")
    assert tutor.errors == [] and admin.errors == []


def test_the_referent_the_magistrates_and_the_agency_start_from_their_counts(new_page, world):
    ref = new_page()
    log_in(ref, referent("21"), PASSWORD)
    assert_accessible(ref, "accueil du référent")
    ref.get_by_role("link", name=re.compile("Dossiers déposés à examiner")).click()
    ref.locator("table a", has_text=re.compile("^HAB-")).first.click()
    expect(ref.locator("h1")).to_contain_text("Demande d'habilitation")
    assert_accessible(ref, "dossier à examiner")

    dossier = Dossier.objects.get(status=DossierStatus.SUBMITTED)
    files.request_opinions(dossier, referent("21"), world["jap"].service, consult_prefect=False)
    judge = new_page()
    log_in(judge, world["jap"], PASSWORD)
    assert_accessible(judge, "accueil du JAP")
    judge.get_by_role("link", name=re.compile("Dossiers en attente de votre avis")).click()
    judge.locator("table a", has_text=re.compile("^HAB-")).first.click()
    expect(judge.get_by_role("button", name=re.compile("avis", re.IGNORECASE))).to_be_visible()
    assert_accessible(judge, "dossier en attente d'avis")
    prosecutor = new_page()
    log_in(prosecutor, magistrate(MagistrateFunction.PROSECUTOR), PASSWORD)
    prosecutor.get_by_role("link", name=re.compile("Dossiers en attente de votre avis")).click()
    prosecutor.locator("table a", has_text=re.compile("^HAB-")).first.click()
    prosecutor.locator("label", has_text="Favorable").first.click()
    prosecutor.get_by_label("Motifs").fill("Structure connue du parquet.")
    prosecutor.get_by_role("button", name=re.compile("avis", re.IGNORECASE)).click()
    expect(prosecutor.locator("main")).to_contain_text("Structure connue du parquet.")
    assert_accessible(prosecutor, "avis du procureur rendu")
    pjj = new_page()
    log_in(pjj, pjj_director("21"), PASSWORD)
    assert_accessible(pjj, "accueil du directeur territorial de la PJJ")
    pjj.get_by_role("link", name=re.compile("Dossiers à décider")).click()
    expect(pjj.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(pjj, "dossiers à décider (PJJ)")

    agency = new_page()
    log_in(agency, national_admin(), PASSWORD)
    assert_accessible(agency, "accueil de l'ATIGIP")
    expect(agency.locator("main")).to_contain_text("Postes proposés dans la recherche")
    agency.get_by_role("link", name="Journal des opérations").first.click()
    with agency.expect_download() as download:
        agency.get_by_role("link", name=re.compile("Exporter ces entrées")).click()
    assert download.value.suggested_filename.endswith(".csv")
    assert_accessible(agency, "journal des opérations")

    counsel = new_page()
    log_in(counsel, lawyer(), PASSWORD)
    assert_accessible(counsel, "accueil de l'avocat")
    expect(counsel.get_by_label("Commune ou code postal")).to_have_value("Dijon (21)")
    assert not any(p.errors for p in (ref, judge, prosecutor, pjj, agency, counsel))


def test_a_judge_at_a_hearing_searches_near_the_court_prints_and_exports_every_result(new_page):
    macon = commune("macon")
    hosts = [OrganisationFactory(commune=macon, name=f"Structure {index}") for index in range(3)]
    for index in range(26):
        PostFactory(organisation=hosts[index % 3], title=f"Poste {index:02d}", places_offered=1 + index % 4)
    judge = magistrate(MagistrateFunction.TRIAL_JUDGE, departement_code="71")
    judge.service.commune = macon
    judge.service.save()
    page = new_page()
    log_in(page, judge, PASSWORD)
    # The search starts at the court's town.
    expect(page.get_by_label("Commune ou code postal")).to_have_value("Mâcon (71)")
    page.get_by_role("button", name="Rechercher").click()
    heading = page.locator("#titre-resultats")
    expect(heading).to_have_text("26 postes trouvés à moins de 20 km de Mâcon (71)")
    total = int(heading.inner_text().split()[0])
    page.get_by_label("Trier par").select_option("places")
    expect(page).to_have_url(re.compile(r"tri=places"))
    expect(page.locator(".tig-result h3").first).to_contain_text(re.compile(r"Poste (03|07|11|15|19|23)"))
    assert_accessible(page, "résultats triés par places")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Tableur")).click()
    with open(download.value.path(), "rb") as file:
        rows = list(openpyxl.load_workbook(io.BytesIO(file.read())).active.iter_rows(values_only=True))[2:]
    assert len(rows) == total and rows[0][5] == 4

    page.get_by_role("link", name="Liste à imprimer").click()
    expect(page.locator(".tig-print-table tbody tr")).to_have_count(26)
    assert_accessible(page, "liste à imprimer")
    pdf = page.request.get(page.get_by_role("link", name="PDF").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    # Printed, the page is the list alone.
    page.emulate_media(media="print")
    assert not page.locator("header.fr-header").is_visible() and page.locator(".tig-print-table").is_visible()
    # A post sheet prints on one A4 page: 21 × 29.7 cm less 1.2 cm margins, at 96 px per inch.
    page.emulate_media(media="screen")
    page.goto(f"/postes/{Post.objects.filter(title='Poste 00').get().pk}/")
    page.set_viewport_size({"width": 703, "height": 1032})
    page.emulate_media(media="print")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 1032, f"la fiche imprimée fait {height} px de haut, plus d'une page A4"
    assert page.errors == []


def test_a_host_adds_places_the_post_stays_in_search_until_the_decision_then_shows_them(new_page, world):
    post = world["post"]
    admin = new_page()
    log_in(admin, host_member(world["town"]), PASSWORD)
    admin.goto(f"/postes/{post.pk}/modifier/")
    # The form says, before saving, what needs a decision.
    expect(admin.locator("main")).to_contain_text("Ce poste est inscrit sur la liste départementale")
    admin.locator("#id_places_offered").fill("5")
    assert_accessible(admin, "formulaire d'un poste inscrit")
    admin.get_by_role("button", name="Enregistrer").click()
    expect(admin.locator("main")).to_contain_text("Modification en attente de décision")
    assert_accessible(admin, "fiche avec modification en attente")

    officer = new_page()
    log_in(officer, world["officer"], PASSWORD)
    officer.goto("/postes/?lieu=Dijon&rayon=10")
    card = officer.locator(".tig-result", has_text="Espaces verts de la Colombière")
    expect(card).to_contain_text("sur 3")

    admin.get_by_role("button", name="Demander l'inscription de la modification").click()
    dossier = Dossier.objects.get(post=post)
    assert dossier.revision is not None and dossier.places == 5
    # The file goes its way (the other journeys walk these steps in the browser).
    dossier.people.create(
        role="post_responsible",
        last_name="Renaud",
        first_names="Pascal",
        birth_date="1980-09-14",
        birth_place="Dijon (21)",
        function="Chef d'équipe",
    )
    host_admin = post.organisation.memberships.filter(role=MembershipRole.ADMIN).first().user
    files.submit(dossier, host_admin)
    files.request_opinions(dossier, referent("21"), world["jap"].service, consult_prefect=False)
    Dossier.objects.filter(pk=dossier.pk).update(opinions_requested_at=timezone.now() - timedelta(days=11))
    expect(card).to_contain_text("sur 3")

    head = new_page()
    log_in(head, world["director"], PASSWORD)
    head.goto(f"/dossiers/{dossier.pk}/")
    expect(head.locator("main")).to_contain_text("Modification d'un poste déjà inscrit")
    assert_accessible(head, "dossier de modification")
    head.locator("label", has_text="Favorable").first.click()
    head.get_by_label("Motifs de la décision").fill("Places supplémentaires utiles.")
    head.get_by_role("button", name="Enregistrer la décision").click()
    expect(head.locator("#etat-dossier")).to_contain_text("inscrit")

    officer.reload()
    expect(officer.locator(".tig-result", has_text="Espaces verts de la Colombière")).to_contain_text("sur 5")
    assert not any(p.errors for p in (admin, officer, head))
