"""The objectives per département and per referent (docs/regles.md, P10): set by the agency only,
read by the referents concerned, measured by the statistics' indicators."""

import pytest
from django.utils import timezone

from tests.accounts.factories import host_member, lawyer, national_admin, referent
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.audit.enums import Operation
from tig.audit.models import AuditEntry
from tig.core.exceptions import Refused
from tig.posts.enums import ActivityDomain
from tig.prospecting import objectives, services
from tig.prospecting.enums import ObjectiveMetric
from tig.prospecting.models import Objective
from tig.stats.tasks import take_snapshot

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def offer():
    """In Côte-d'Or two hosts, three posts (two kinds of work), seven places; in Saône-et-Loire one post."""
    dijon, beaune = OrganisationFactory(), OrganisationFactory(commune=commune("beaune"))
    PostFactory(organisation=dijon, places_offered=3)
    PostFactory(organisation=dijon, places_offered=2, domain=ActivityDomain.CLEANLINESS)
    PostFactory(organisation=beaune, places_offered=2)
    PostFactory(organisation=OrganisationFactory(commune=commune("macon")), places_offered=4)
    take_snapshot.call()


def set_(user=None, **fields):
    fields.setdefault("year", YEAR)
    return services.set_objective(user or national_admin(), **fields)


def test_the_progress_is_read_from_the_statistics(offer):
    posts = set_(metric=ObjectiveMetric.POSTS, target=6, departement_code="21")
    places = set_(metric=ObjectiveMetric.PLACES, target=7, departement_code="21")
    domains = set_(metric=ObjectiveMetric.DOMAINS, target=4, departement_code="21")
    hosts = set_(metric=ObjectiveMetric.NEW_HOSTS, target=2, departement_code="21")
    assert hosts.baseline == 2  # the hosts when it was set: the progress starts at zero
    mine = set_(metric=ObjectiveMetric.PLACES, target=20, referent=referent("21", "71"))
    day, rows = objectives.progress([posts, places, domains, hosts, mine])
    assert day == timezone.localdate()
    assert [(row.value, row.percent, row.reached) for row in rows] == [
        (3, 50, False),
        (7, 100, True),
        (2, 50, False),
        (0, 0, False),
        (11, 55, False),  # over both of the referent's départements
    ]
    PostFactory(organisation=OrganisationFactory(commune=commune("chenove")))
    take_snapshot.call()
    assert objectives.progress([hosts])[1][0].value == 1  # one new host since


def test_setting_again_changes_the_target_and_keeps_the_starting_point(offer):
    first = set_(metric=ObjectiveMetric.NEW_HOSTS, target=5, departement_code="21")
    PostFactory(organisation=OrganisationFactory(commune=commune("chenove")))
    take_snapshot.call()
    again = set_(metric=ObjectiveMetric.NEW_HOSTS, target=8, departement_code="21")
    assert again.pk == first.pk and again.target == 8 and again.baseline == 2
    assert Objective.objects.count() == 1


def test_only_the_agency_sets_objectives_and_only_for_one_scope():
    with pytest.raises(Refused, match="Seule l'ATIGIP"):
        set_(referent("21"), metric=ObjectiveMetric.POSTS, target=5, departement_code="21")
    with pytest.raises(Refused, match="un département ou pour un référent"):
        set_(metric=ObjectiveMetric.POSTS, target=5, departement_code="21", referent=referent("21"))
    with pytest.raises(Refused, match="référent territorial en fonction"):
        set_(metric=ObjectiveMetric.POSTS, target=5, referent=lawyer())
    assert not Objective.objects.exists()


def test_who_reads_which_objectives(client_for, offer):
    me, neighbour = referent("21"), referent("71")
    set_(metric=ObjectiveMetric.POSTS, target=6, departement_code="21")
    set_(metric=ObjectiveMetric.POSTS, target=3, departement_code="71")
    set_(metric=ObjectiveMetric.PLACES, target=9, referent=neighbour)
    page = client_for(me).get("/prospection/objectifs/").content.decode()
    assert "Côte-d" in page and "Saône-et-Loire" not in page and neighbour.get_full_name() not in page
    assert "Fixer un objectif" not in page
    theirs = client_for(neighbour).get("/prospection/objectifs/").content.decode()
    assert "Saône-et-Loire" in theirs and neighbour.get_full_name() in theirs and "Côte-d" not in theirs
    agency = client_for(national_admin()).get("/prospection/objectifs/").content.decode()
    assert "Côte-d" in agency and "Saône-et-Loire" in agency and "Fixer un objectif" in agency
    assert client_for(host_member(OrganisationFactory())).get("/prospection/objectifs/").status_code == 403
    assert client_for(me).post("/prospection/objectifs/", {}).status_code == 403


def test_the_agency_sets_and_removes_an_objective_from_the_page(client_for):
    admin = client_for(national_admin())
    bad = admin.post("/prospection/objectifs/", {"year": YEAR, "metric": "posts", "target": "0", "departement": "21"})
    assert bad.status_code == 400 and "supérieure ou égale à 1" in bad.content.decode()
    both = admin.post(
        "/prospection/objectifs/",
        {"year": YEAR, "metric": "posts", "target": "5", "departement": "21", "referent": referent("21").pk},
    )
    assert both.status_code == 400 and "un des deux seulement" in both.content.decode()
    assert admin.post("/prospection/objectifs/", {"year": "1999", "metric": "posts", "target": "5"}).status_code == 400
    assert not Objective.objects.exists()
    done = admin.post(
        "/prospection/objectifs/", {"year": YEAR, "metric": "places", "target": "12", "departement": "21"}
    )
    assert done.status_code == 302
    objective = Objective.objects.get()
    assert AuditEntry.objects.filter(object_id=str(objective.pk), operation=Operation.CREATE).exists()
    # A referent cannot remove it; another département's referent is told it does not exist.
    assert client_for(referent("21")).post(f"/prospection/objectifs/{objective.pk}/retirer/").status_code == 403
    assert client_for(referent("71")).post(f"/prospection/objectifs/{objective.pk}/retirer/").status_code == 404
    assert admin.post(f"/prospection/objectifs/{objective.pk}/retirer/").status_code == 302
    assert not Objective.objects.exists()
    assert AuditEntry.objects.filter(object_id=str(objective.pk), operation=Operation.DELETE).exists()
    assert admin.get("/prospection/objectifs/", {"annee": "deux mille"}).status_code == 400
