from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import (
    host_member,
    lawyer,
    national_admin,
    partner_coordinator,
    probation_officer,
    referent,
)
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import PartnerFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.api import perms as api_perms
from tig.api.models import ApiToken, digest
from tig.api.services import create_key
from tig.audit.enums import Operation
from tig.audit.models import AuditEntry
from tig.partnerships.models import Branch
from tig.posts.enums import PostStatus, Registration
from tig.posts.search import Criteria, search

pytestmark = pytest.mark.django_db


def api(user=None, key: str | None = None) -> Client:
    """A client without session: the key alone says who asks."""
    if user is not None:
        _token, key = create_key(user, "essai", 30)
    return Client(headers={"Authorization": f"Bearer {key}"} if key else {})


@pytest.fixture
def places():
    return {key: commune(key) for key in ("dijon", "chenove", "beaune", "macon")}


def test_the_search_answers_what_the_site_search_finds(places):
    for index in range(25):
        PostFactory(commune=places["chenove" if index % 2 else "beaune"], title=f"Poste {index:02}")
    PostFactory(commune=places["macon"], title="Trop loin")
    officer = probation_officer()

    answer = api(officer).get("/api/v1/postes/", {"lieu": "Dijon (21)", "rayon": 50, "par_page": 10, "page": 2})

    assert answer.status_code == 200
    body = answer.json()
    expected = search(officer, Criteria(commune=places["dijon"], radius_km=50), 2, 10)
    assert body["total"] == expected.total == 25
    assert body["pages"] == 3
    assert [row["id"] for row in body["resultats"]] == [hit.post.pk for hit in expected.hits]
    assert [row["distance_km"] for row in body["resultats"]] == [round(hit.distance_km, 1) for hit in expected.hits]
    assert body["suivante"].endswith("page=3") and body["precedente"].endswith("page=1")
    assert "Trop loin" not in {row["intitule"] for row in body["resultats"]}


def test_the_filters_are_the_sites(places):
    PostFactory(commune=places["dijon"], title="Semaine")
    PostFactory(commune=places["dijon"], title="Samedi", schedule={"sat": {"start": "09:00", "end": "12:00"}})

    body = api(probation_officer()).get("/api/v1/postes/", {"departement": "21", "weekend": "true"}).json()

    assert [row["intitule"] for row in body["resultats"]] == ["Samedi"]
    assert body["resultats"][0]["distance_km"] is None


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"rayon": 20}, "lieu", "Indiquez une commune"),
        ({"lieu": "Zzzz"}, "lieu", "Aucune commune"),
        ({"lieu": "Dijon", "rayon": 500}, "rayon", "compris entre 5 et 100"),
        ({"departement": "99"}, "departement", "Ce département n'existe pas."),
        ({"departement": "21", "domaine": "piscine"}, "domaine", "« piscine » n'existe pas"),
        ({"departement": "21", "page": "0"}, "page", "Un nombre entier"),
        ({"departement": "21", "par_page": "1000"}, "par_page", "de 1 à 100"),
    ],
)
def test_bad_parameters_answer_400_in_french(places, query, field, message):
    answer = api(probation_officer()).get("/api/v1/postes/", query)

    assert answer.status_code == 400
    body = answer.json()
    assert body["erreur"] == "Paramètres invalides."
    assert message in " ".join(body["champs"][field])


def test_a_page_beyond_the_last_is_404(places):
    PostFactory(commune=places["dijon"])
    answer = api(probation_officer()).get("/api/v1/postes/", {"departement": "21", "page": 2})

    assert answer.status_code == 404
    assert answer.json()["erreur"] == "Cette page n'existe pas."


def test_without_a_valid_key_401(places):
    officer = probation_officer()
    assert Client().get("/api/v1/postes/", {"departement": "21"}).status_code == 401
    answer = api(key="tig_inconnue").get("/api/v1/postes/", {"departement": "21"})
    assert answer.status_code == 401
    assert answer.json()["erreur"] == "Cette clé d'API est inconnue, expirée ou révoquée."
    assert answer["WWW-Authenticate"].startswith("Bearer")

    token, key = create_key(officer, "expirée", 30)
    assert api(key=key).get("/api/v1/postes/", {"departement": "21"}).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(key=key).get("/api/v1/postes/", {"departement": "21"}).status_code == 401

    token, key = create_key(officer, "compte fermé", 30)
    officer.is_active = False
    officer.save()
    assert api(key=key).get("/api/v1/postes/", {"departement": "21"}).status_code == 401


def test_only_the_digest_of_a_key_is_stored():
    token, key = create_key(lawyer(), "logiciel du cabinet", 90)
    assert key.startswith("tig_") and len(key) > 40
    assert token.key_digest == digest(key) and key not in token.key_digest
    assert key.startswith(token.hint) and len(token.hint) < 12


def test_a_key_sees_what_its_account_sees_on_the_site(places):
    mine = OrganisationFactory(commune=places["dijon"])
    draft = PostFactory(organisation=mine, status=PostStatus.DRAFT, registration=Registration.UNREGISTERED)
    listed = PostFactory(organisation=mine)
    listed.tutors.add(tutor := host_member(mine, role="tutor", phone="03 80 00 00 00"))
    other_host = host_member(OrganisationFactory(commune=places["macon"]))
    admin = host_member(mine)

    def sheet(user, post):
        return api(user).get(f"/api/v1/postes/{post.pk}/")

    # The draft: its organisation, the referents of its département and the agency; no one else.
    assert sheet(admin, draft).status_code == 200
    assert sheet(referent("21"), draft).status_code == 200
    assert sheet(national_admin(), draft).status_code == 200
    for outsider in (referent("71"), other_host, lawyer(), probation_officer("21")):
        assert sheet(outsider, draft).status_code == 404
    # The tutor's contact: SPIP staff, referents and the post's organisation; not a lawyer.
    assert sheet(probation_officer("21"), listed).json()["tuteurs"][0]["email"] == tutor.email
    assert sheet(admin, listed).json()["tuteurs"][0]["telephone"] == "03 80 00 00 00"
    assert sheet(lawyer(), listed).json()["tuteurs"] is None
    assert sheet(other_host, listed).status_code == 404
    # Search: another host's key finds nothing of this organisation.
    found = api(other_host).get("/api/v1/postes/", {"departement": "21"}).json()
    assert found["total"] == 0


def test_a_consultation_through_the_api_is_in_the_audit_log(places):
    post = PostFactory(commune=places["dijon"])
    officer = probation_officer()
    client = api(officer)
    client.get(f"/api/v1/postes/{post.pk}/")
    client.get(f"/api/v1/postes/{post.pk}/")

    reads = AuditEntry.objects.filter(operation=Operation.READ, object_id=str(post.pk), object_type="posts.post")
    assert list(reads.values_list("actor_id", "changes")) == [(officer.pk, ["API"])]


def test_the_organisations_list_is_the_sites(places):
    dijon = OrganisationFactory(commune=places["dijon"], name="Ville de Dijon")
    OrganisationFactory(commune=places["macon"], name="Ville de Mâcon")

    body = api(referent("21")).get("/api/v1/structures/").json()
    assert [row["nom"] for row in body["resultats"]] == ["Ville de Dijon"]
    assert api(national_admin()).get("/api/v1/structures/", {"departement": "71"}).json()["total"] == 1
    refused = api(lawyer()).get("/api/v1/structures/")
    assert refused.status_code == 403
    assert refused.json()["erreur"] == "Votre compte n'a pas la liste des structures d'accueil."
    # A lawyer opens an organisation's page on the site: so through the API.
    assert api(lawyer()).get(f"/api/v1/structures/{dijon.pk}/").json()["siret"] == dijon.siret
    assert api(host_member(OrganisationFactory())).get(f"/api/v1/structures/{dijon.pk}/").status_code == 404


def test_communes_and_statistics_need_no_key(places):
    anonymous = Client()
    assert anonymous.get("/api/v1/communes/", {"q": "dij"}).json()[0]["code"] == places["dijon"].code
    assert anonymous.get(f"/api/v1/communes/{places['dijon'].code}/").json()["nom"] == "Dijon"
    assert anonymous.get("/api/v1/communes/", {"q": "d"}).json()["champs"]["q"] == ["Tapez de 2 à 100 caractères."]
    assert anonymous.get("/api/v1/communes/00000/").status_code == 404

    from tig.stats.tasks import take_snapshot

    PostFactory(commune=places["dijon"], places_offered=3)
    take_snapshot.call()
    figures = anonymous.get("/api/v1/statistiques/", {"departement": "21"}).json()
    assert [(row["code"], row["valeurs"]["places"]) for row in figures["territoires"]] == [("21", 3)]
    national = anonymous.get("/api/v1/statistiques/").json()["territoires"][0]
    assert (national["niveau"], national["valeurs"]["posts"]) == ("national", 1)
    assert anonymous.get("/api/v1/statistiques/", {"departement": "99"}).status_code == 404
    quarter = anonymous.get("/api/v1/statistiques/trimestres/").json()[0]
    assert Client().get(quarter["fichier"]).status_code == 200


def test_errors_are_json_in_french():
    anonymous = Client()
    unknown = anonymous.get("/api/v1/inconnue/")
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/json"
    assert "n'existe pas dans l'API" in unknown.json()["erreur"]
    newline = anonymous.get("/api/v1/structures/%C2%BC%0A%3D/")  # found by schemathesis: answered in HTML
    assert newline.status_code == 404 and newline["Content-Type"] == "application/json"
    posted = anonymous.post("/api/v1/communes/", {"q": "dijon"})
    assert posted.status_code == 405
    assert posted.json()["erreur"] == "Cette méthode n'est pas permise : l'API se lit seulement (GET)."


def test_requests_beyond_the_rate_are_refused_with_a_delay(settings, places):
    settings.API_RATE_ANONYMOUS = 2
    anonymous = Client()
    assert [anonymous.get("/api/v1/communes/", {"q": "dij"}).status_code for _ in range(2)] == [200, 200]
    refused = anonymous.get("/api/v1/communes/", {"q": "dij"})
    assert refused.status_code == 429
    assert refused.json()["erreur"].startswith("Trop de requêtes : réessayez dans")
    assert 1 <= int(refused["Retry-After"]) <= 60
    # A key has its own count (on PostgreSQL, counted by the key's lookup itself).
    settings.API_RATE_WITH_KEY = 2
    keyed = api(lawyer())
    assert [keyed.get("/api/v1/communes/", {"q": "dij"}).status_code for _ in range(3)] == [200, 200, 429]
    assert api(lawyer()).get("/api/v1/communes/", {"q": "dij"}).status_code == 200  # another key


def test_keys_are_created_shown_once_and_revoked(client_for):
    user = lawyer()
    client = client_for(user)
    created = client.post(reverse("api:keys"), {"name": "Logiciel du cabinet", "days": "90"})
    key = created.context["created"]["key"]
    assert created["Cache-Control"] == "no-store"
    assert key in created.content.decode()
    assert key not in client.get(reverse("api:keys")).content.decode()
    token = ApiToken.objects.get(user=user)
    assert api(key=key).get("/api/v1/structures/1/").status_code in (200, 404)

    refused = client.post(reverse("api:keys"), {"name": "", "days": "7"})
    assert "Choisissez une durée de la liste." in refused.content.decode()
    assert ApiToken.objects.count() == 1

    # Another account cannot revoke it, and is told it does not exist.
    other = client_for(lawyer()).post(reverse("api:revoke"), {"cle": token.pk}, follow=True)
    assert [str(message) for message in other.context["messages"]] == ["Cette clé n'existe pas."]
    client.post(reverse("api:revoke"), {"cle": token.pk})
    assert api(key=key).get("/api/v1/communes/", {"q": "dij"}).status_code == 401
    entries = AuditEntry.objects.filter(object_type="api.apitoken", object_id=str(token.pk))
    assert set(entries.values_list("operation", flat=True)) == {Operation.CREATE, Operation.UPDATE}


def test_the_documentation_lists_every_operation():
    page = Client().get("/api/").content.decode()
    for path in ("/api/v1/postes/", "/api/v1/postes/{id}/", "/api/v1/structures/", "/api/v1/statistiques/"):
        assert path in page
    assert "Clé nécessaire" in page and "Sans clé" in page


def test_the_counts_of_past_minutes_are_purged():
    from tig.api import throttling
    from tig.api.models import RequestCount

    now = 1_000_000 * throttling.WINDOW_SECONDS
    assert throttling.count("ip:1", now - 120) == 1
    assert throttling.count("ip:1", now) == 1
    assert throttling.count("ip:1", now + 1) == 2
    assert throttling.purge(now) == 1
    assert list(RequestCount.objects.values_list("hits", flat=True)) == [2]


def test_a_result_gives_exactly_the_fields_of_the_schema(places):
    from tig.api.serializers import ResultSerializer

    PostFactory(commune=places["dijon"])
    row = api(probation_officer()).get("/api/v1/postes/", {"lieu": "Dijon"}).json()["resultats"][0]
    assert list(row) == list(ResultSerializer().fields)
    assert row["domaine_libelle"] == "Espaces verts et entretien de la nature"


def test_partenaire_national_says_the_organisation_is_in_a_partner_s_network(places):
    """v1 kept its field when the checkbox became the partners' networks (tig.partnerships)."""
    branch = OrganisationFactory(commune=places["dijon"], name="Agence de Dijon")
    OrganisationFactory(commune=places["dijon"], name="Ville de Dijon")
    Branch.objects.create(partner=PartnerFactory(), organisation=branch, method="hand")
    body = api(referent("21")).get("/api/v1/structures/").json()
    assert {row["nom"]: row["partenaire_national"] for row in body["resultats"]} == {
        "Agence de Dijon": True,
        "Ville de Dijon": False,
    }
    assert api(lawyer()).get(f"/api/v1/structures/{branch.pk}/").json()["partenaire_national"] is True


def test_a_partner_coordinator_holds_no_key():
    assert not api_perms.can_hold_keys(partner_coordinator())
