"""Each role's home page: what it has to do today, each count a link to the list behind it, in a
constant number of queries; the search starts at the user's court or service town."""

import html
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.accounts.factories import (
    host_member,
    lawyer,
    magistrate,
    national_admin,
    pjj_director,
    probation_officer,
    referent,
)
from tests.habilitations.factories import DossierFactory, association
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction
from tig.habilitations.enums import DossierStatus
from tig.measures.enums import MeasureStatus
from tig.organisations.enums import MembershipRole
from tig.posts.enums import PostStatus

pytestmark = pytest.mark.django_db


def figures(page: str) -> dict[str, tuple[int, str]]:
    """« label » → (count, link) of the home page's counts."""
    found = re.findall(
        r'<a class="tig-figure[^"]*" href="([^"]+)"><span class="tig-figure__value">(\d+)</span> '
        r'<span class="tig-figure__label">([^<]+)</span>',
        page,
    )
    return {html.unescape(label): (int(value), html.unescape(url)) for url, value, label in found}


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.text


def test_the_officer_sees_alerts_first_and_the_hours_to_validate(client_for, team):
    officer = team["officer"]
    today = timezone.localdate()
    late = MeasureFactory(service=officer.service, officer=officer, deadline=today - timedelta(days=3))
    MeasureFactory(service=officer.service, officer=officer, deadline=today + timedelta(days=400))
    with_hours = PlacementFactory(measure__service=officer.service, measure__officer=officer)
    with_hours.attendances.create(worked_on=today, hours=3, recorded_by=host_member(with_hours.post.organisation))
    MeasureFactory(service=officer.service, officer=team["director"])  # a colleague's
    page = home(client_for(officer))
    counts = figures(page)
    assert counts["Mesures en cours"] == (3, "/mesures/")
    assert counts["Mesures en alerte (échéance proche ou dépassée, rythme insuffisant)"] == (
        1,
        "/mesures/?afaire=alertes",
    )
    assert counts["Mesures avec des heures à valider"] == (1, "/mesures/?afaire=heures")
    assert "tig-figure--urgent" in page
    assert late.appi_number in page and "échéance dépassée" in page
    # Each count opens the list behind it, with as many rows.
    listed = client_for(officer).get("/mesures/?afaire=alertes").text
    assert late.appi_number in listed and with_hours.measure.appi_number not in listed
    assert client_for(officer).get("/mesures/?afaire=inconnu").status_code == 400


def test_the_director_sees_what_to_assign_and_the_service_view(client_for, team):
    director = team["director"]
    MeasureFactory(service=director.service, officer=team["officer"], status=MeasureStatus.REFERRED)
    MeasureFactory(service=director.service, officer=team["officer"], status=MeasureStatus.REFERRED)
    DossierFactory(status=DossierStatus.OPINIONS_REQUESTED, opinions_requested_at=timezone.now())
    page = home(client_for(director))
    counts = figures(page)
    assert counts["Mesures à affecter"] == (2, "/mesures/?afaire=affecter")
    assert counts["Dossiers à décider"] == (1, "/dossiers/")
    assert 'href="/mesures/service/"' in page


def test_magistrates_see_the_files_awaiting_their_opinion(client_for, team):
    tribunal = team["jap"].service
    DossierFactory(status=DossierStatus.OPINIONS_REQUESTED, opinions_requested_at=timezone.now(), tribunal=tribunal)
    assert figures(home(client_for(team["prosecutor"])))["Dossiers en attente de votre avis"] == (1, "/dossiers/")
    jap = figures(home(client_for(team["jap"])))
    assert jap["Dossiers en attente de votre avis"] == (1, "/dossiers/")
    assert "Mesures dont vous êtes le juge" in jap
    # A trial judge gives no opinion and follows no measure: the search only.
    assert figures(home(client_for(magistrate(MagistrateFunction.TRIAL_JUDGE)))) == {}


def test_the_host_admin_sees_posts_places_and_people_hosted(client_for):
    organisation = OrganisationFactory(name="Recyclerie")
    admin = host_member(organisation)
    PostFactory(organisation=organisation, places_offered=3, places_taken=1)
    PostFactory(organisation=organisation, status=PostStatus.DRAFT)
    placement = PlacementFactory(post__organisation=organisation, measure__officer=probation_officer())
    DossierFactory(organisation=organisation)  # a draft to complete
    page = html.unescape(home(client_for(admin)))
    assert figures(page)["Dossiers à compléter ou à corriger"] == (1, "/dossiers/")
    assert figures(page)["Personnes accueillies en ce moment"] == (1, "/mesures/accueil/")
    row = re.search(r"<td><a href=\"/structures/\d+/\">Recyclerie</a></td>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["2", "1", "3 sur 5", "0"]
    assert placement.measure.person_name in page
    assert placement.measure.appi_number not in page  # hosts never see the APPI number


def test_the_tutor_sees_the_people_to_record_hours_for(client_for):
    organisation = OrganisationFactory()
    tutor = host_member(organisation, role=MembershipRole.TUTOR)
    mine = PlacementFactory(post__organisation=organisation, measure__officer=probation_officer())
    mine.post.tutors.add(tutor)
    other = PlacementFactory(post__organisation=organisation, measure__officer=probation_officer())
    page = home(client_for(tutor))
    assert f'href="/mesures/accueil/{mine.pk}/"' in page
    assert f"/mesures/accueil/{other.pk}/" not in page
    assert "Mes postes" not in page  # a tutor manages no post


def test_the_referent_sees_files_and_organisations_of_their_departements(client_for):
    own = OrganisationFactory(commune=commune("dijon"))
    OrganisationFactory(commune=commune("lille"))
    PostFactory(organisation=own, places_offered=4, places_taken=1)
    DossierFactory(organisation=association(), status=DossierStatus.SUBMITTED)
    counts = figures(home(client_for(referent("21"))))
    assert counts["Dossiers déposés à examiner"] == (1, "/dossiers/")
    assert counts["Structures d'accueil de vos départements"][0] == 2  # the association is in Dijon too
    assert counts["Places libres dans ces postes (21)"] == (3, "/postes/?departement=21")


def test_the_agency_sees_the_national_figures(client_for):
    PostFactory(places_offered=5, places_taken=2)
    PostFactory(status=PostStatus.DRAFT, places_offered=9)
    counts = figures(home(client_for(national_admin())))
    assert counts["Postes proposés dans la recherche"] == (1, "/statistiques/")  # département by département
    assert counts["Places offertes dans ces postes"][0] == 5
    assert counts["Places libres"][0] == 3


def test_the_pjj_director_decides_for_minors(client_for):
    counts = figures(home(client_for(pjj_director("21"))))
    assert counts["Dossiers à décider"] == (0, "/dossiers/")


def search_field(page: str) -> str:
    return re.search(r'<input type="text" name="lieu"[^>]*>', page).group(0)


def test_the_search_starts_at_the_users_court_or_service_town(client_for, team):
    macon = commune("macon")
    judge = magistrate(MagistrateFunction.TRIAL_JUDGE, departement_code="71")
    judge.service.commune = macon
    judge.service.save()
    for page in (home(client_for(judge)), client_for(judge).get("/postes/").text):
        assert 'value="Mâcon (71)"' in html.unescape(search_field(page))
    host = host_member(OrganisationFactory(commune=commune("dijon")))
    assert 'value="Dijon (21)"' in search_field(home(client_for(host)))
    assert 'value="Dijon (21)"' in search_field(home(client_for(lawyer())))  # the bar of Dijon
    assert "value=" not in search_field(home(client_for(referent("21"))))
    # A search asked for is never replaced by the default.
    asked = client_for(judge).get("/postes/", {"lieu": "Dijon"}).text
    assert 'value="Dijon"' in search_field(asked)


@pytest.mark.parametrize("role", ["officer", "director", "jap", "prosecutor", "host", "tutor", "referent", "agency"])
def test_each_home_page_takes_as_many_queries_for_200_items_as_for_10(
    client_for, team, role, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organisation = OrganisationFactory(commune=commune("dijon"))
    users = {
        "officer": team["officer"],
        "director": team["director"],
        "host": host_member(organisation),
        "tutor": host_member(organisation, role=MembershipRole.TUTOR),
        "referent": referent("21"),
        "jap": team["jap"],
        "prosecutor": team["prosecutor"],
        "agency": national_admin(),
    }
    user = users[role]
    client = client_for(user)

    def add(count: int) -> None:
        for _ in range(count):
            placement = PlacementFactory(
                post__organisation=organisation,
                measure__service=team["officer"].service,
                measure__officer=team["officer"],
            )
            placement.post.tutors.add(users["tutor"])
            MeasureFactory(
                service=team["officer"].service, officer=team["officer"], jap=team["jap"], deadline=date(2026, 11, 1)
            )
            DossierFactory(organisation=association(), status=DossierStatus.SUBMITTED)
            DossierFactory(
                status=DossierStatus.OPINIONS_REQUESTED,
                tribunal=team["jap"].service,
                opinions_requested_at=timezone.now(),
            )

    def queries() -> int:
        client.get("/")  # the session and the caches warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured.captured_queries)

    add(10)
    at_10 = queries()
    add(190)
    at_200 = queries()
    assert at_200 == at_10, f"{role} : {at_10} requêtes pour 10 éléments, {at_200} pour 200"
