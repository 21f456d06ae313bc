"""Hostile input never answers 500. Every form of the platform is read from its page (its
fields, their current values), then posted again with each field replaced in turn by values
that once broke a step — an id too large for the database, « ² » taken for a digit, year 10001,
a NUL byte, text far beyond a column — and every GET parameter of the search, the map, the
lists and the matching gets the same, property-based where it fits. A refusal is a 400 (or the
page again with its errors) in French; nothing is saved half-done."""

import re
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.factories import host_member, national_admin, referent, spip_director
from tests.habilitations.factories import DossierFactory, association, board_member
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune

pytestmark = pytest.mark.django_db

HOSTILE = [
    "9" * 30,
    "-1",
    "²",
    "10001-01-01",
    "2026-02-30",
    "1e400",
    "x" * 5000,
    "\x00",
    "' OR 1=1 --",
]
SAME_KIND = re.compile(r"(tue|wed|thu|fri|sat|sun)_(start|end)")
# What a refusal may answer: the form again (200 or 400), a redirection, a refusal of access.
ACCEPTABLE = {200, 302, 400, 403, 404, 405, 410}


class FormReader(HTMLParser):
    """The fields of the forms of a page that post to `action`, with their values as shown."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append((attrs.get("action") or "", {}))
            return
        if not self.forms:
            return
        fields = self.forms[-1][1]
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                fields.setdefault(name, [])
                if "checked" in attrs:
                    fields[name].append(attrs.get("value") or "on")
            else:
                fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select:
            options = fields[self._select]
            if "selected" in attrs or (not options and attrs.get("value")):
                fields[self._select] = [attrs.get("value") or ""]
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][1][self._textarea] = [self.forms[-1][1][self._textarea][0] + data]


def forms_of(page_html: str, url: str) -> list[tuple[str, dict[str, list[str]]]]:
    reader = FormReader()
    reader.feed(page_html)
    return [(action or url, fields) for action, fields in reader.forms if not action.endswith("/deconnexion/")]


def assert_refused_in_french(response, what):
    assert response.status_code in ACCEPTABLE, what
    if response.status_code == 400:
        text = response.content.decode()
        assert "Requête invalide" in text or "fr-error-text" in text or "fr-alert--error" in text, what


def hammer(client, url):
    """Post every form of the page with each field hostile in turn."""
    page = client.get(url)
    assert page.status_code == 200, url
    forms = forms_of(page.content.decode(), url)
    assert forms, f"aucun formulaire sur {url}"
    for action, fields in forms:
        fields.pop("csrfmiddlewaretoken", None)
        for name in fields:
            if SAME_KIND.fullmatch(name):
                continue  # the week's other days: the same field as Monday's
            for value in HOSTILE:
                data = {**fields, name: [value]}
                response = client.post(action, data)
                assert_refused_in_french(response, f"{action} {name}={value[:20]!r}")


@pytest.fixture
def frozen():
    with time_machine.travel("2026-11-22 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def world(team, frozen):
    dijon = commune("dijon")
    organisation = OrganisationFactory(name="Ville de Dijon", commune=dijon)
    admin, tutor = host_member(organisation), host_member(organisation, role="tutor")
    post = PostFactory(organisation=organisation, places_offered=3)
    post.tutors.add(tutor)
    free_post = PostFactory(organisation=organisation, places_offered=3)
    measure = MeasureFactory(service=team["officer"].service, officer=team["officer"], jap=team["jap"], residence=dijon)
    unplaced = MeasureFactory(
        service=team["officer"].service, officer=team["officer"], jap=team["jap"], residence=dijon
    )
    placement = PlacementFactory(measure=measure, post=post, decided_at=datetime(2026, 10, 1, 9).astimezone())
    draft = DossierFactory(organisation=association(commune=dijon))
    board_member(draft)
    draft_admin = host_member(draft.organisation)
    return locals()


def test_every_form_survives_hostile_values(client_for, team, world):
    director = spip_director("21")
    # The pages whose forms end something (a placement, a file) come last.
    pages = [
        (world["tutor"], f"/mesures/accueil/{world['placement'].pk}/"),
        (world["admin"], f"/mesures/accueil/{world['placement'].pk}/"),
        (world["admin"], f"/postes/nouveau/?structure={world['organisation'].pk}"),
        (world["admin"], f"/postes/{world['post'].pk}/modifier/"),
        (world["admin"], f"/structures/{world['organisation'].pk}/modifier/"),
        (world["admin"], f"/structures/{world['organisation'].pk}/membres/ajouter/"),
        (world["admin"], f"/structures/{world['organisation'].pk}/membres/"),
        (referent("21"), "/structures/nouvelle/"),
        (national_admin(), "/invitations/nouvelle/"),
        (national_admin(), "/compte/"),
        (team["officer"], "/mesures/nouvelle/"),
        (team["officer"], f"/mesures/{world['measure'].pk}/modifier/"),
        (director, f"/mesures/{world['unplaced'].pk}/affectation/poste/{world['free_post'].pk}/"),
        (world["draft_admin"], f"/dossiers/{world['draft'].pk}/etape/demande/"),
        (world["draft_admin"], f"/dossiers/{world['draft'].pk}/etape/personnes/"),
        (team["officer"], f"/mesures/{world['measure'].pk}/"),
        (team["officer"], f"/mesures/{world['measure'].pk}/non-execution/"),
    ]
    for user, url in pages:
        hammer(client_for(user), url)


def test_the_public_forms_survive_hostile_values(client):
    for url in ("/connexion/", "/mot-de-passe/oublie/", "/structures/inscription/"):
        hammer(client, url)


GET_PAGES = [
    ("/postes/", ["lieu", "rayon", "departement", "domaine", "mesure", "page", "vue", "disponible"]),
    ("/postes/carte.json", ["lieu", "rayon", "departement"]),
    ("/postes/carte/lieu/", ["lat", "lon", "bloc"]),
    ("/communes/suggestions/", ["lieu"]),
    ("/structures/", ["q", "page"]),
    ("/dossiers/tous/", ["etat", "page"]),
    ("/journal/", ["operation", "object_type", "object_id", "actor", "start", "end", "page"]),
    ("/notifications/", ["page"]),
    ("/invitations/", ["page"]),
    ("/postes/nouveau/", ["structure"]),
]


def test_every_get_parameter_survives_hostile_values(client_for, world):
    client = client_for(national_admin())
    base = {"lieu": "Dijon", "rayon": "20"}
    for url, names in GET_PAGES:
        for name in names:
            for value in HOSTILE:
                response = client.get(f"{url}?{urlencode({**base, name: value})}")
                assert_refused_in_french(response, f"{url} {name}={value[:20]!r}")
    officer = client_for(world["team"]["officer"])
    for value in HOSTILE:
        response = officer.get(f"/mesures/{world['unplaced'].pk}/affectation/?{urlencode({'rayon': value})}")
        assert_refused_in_french(response, f"rayon={value[:20]!r}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["lieu", "rayon", "departement", "domaine", "mesure", "page", "lat", "lon", "bloc", "vue"]),
        st.text(max_size=40),
        max_size=6,
    )
)
def test_any_search_parameters_are_answered_without_error(client_for, params):
    from tig.accounts.models import User

    user = User.objects.filter(email="hypothesis@exemple.test").first() or national_admin(
        email="hypothesis@exemple.test"
    )
    client = client_for(user)
    for url in ("/postes/", "/postes/carte.json", "/postes/carte/lieu/"):
        assert_refused_in_french(client.get(url, params), f"{url} {params!r}")


def test_an_overlong_id_in_a_url_is_a_404(client_for, world):
    client = client_for(national_admin())
    for url in (f"/postes/{'9' * 30}/", f"/structures/{'9' * 30}/", f"/dossiers/{'9' * 25}/"):
        assert client.get(url).status_code == 404


def test_a_nul_byte_in_the_session_cookie_is_no_error(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 200
    assert client.get("/postes/").status_code == 302


def test_a_date_beyond_the_calendar_is_refused_in_french(client_for, team, world):
    response = client_for(team["officer"]).post(
        f"/mesures/{world['measure'].pk}/modifier/",
        {"sentence_date": "9999-12-31", "deadline": "9999-12-31", "birth_date": "10001-01-01"},
    )
    assert response.status_code == 400
    assert "Indiquez une date entre 1900 et 2199." in response.content.decode() or "Saisissez une date valide" in (
        response.content.decode()
    )
    assert date(2026, 9, 1) == type(world["measure"]).objects.get(pk=world["measure"].pk).sentence_date


def test_inputs_of_the_maximum_length_fit_every_later_step(
    client_for, team, frozen, django_capture_on_commit_callbacks
):
    """What the forms accept at their maximum length still fits the columns of the texts made
    from it later (titles of notifications, subjects of e-mails, end reasons): PostgreSQL
    enforces the lengths that SQLite does not."""
    from tig.habilitations import services as files
    from tig.habilitations.enums import PersonRole
    from tig.measures import services as measures
    from tig.notifications.models import Email, Notification

    referent("21")
    organisation = OrganisationFactory(name="N" * 200, commune=commune("dijon"))
    admin = host_member(organisation)
    post = PostFactory(organisation=organisation, title="T" * 200, places_offered=2, registration="unregistered")
    dossier = files.start_registration(post, admin)
    dossier.presentation, dossier.places = "Entretien.", 2
    dossier.save()
    board_member(dossier, role=PersonRole.POST_RESPONSIBLE)
    with django_capture_on_commit_callbacks(execute=True):
        files.submit(dossier, admin)
    assert Notification.objects.filter(title__endswith="…").exists()
    assert all(len(email.subject) <= 200 for email in Email.objects.all())

    post.__class__.objects.filter(pk=post.pk).update(registration="registered", host_habilitated=True, status="active")
    measure = MeasureFactory(service=team["officer"].service, officer=team["officer"], jap=team["jap"])
    director = spip_director("21")
    with time_machine.travel("2026-10-01 10:00 +02:00", tick=False):
        placement = measures.assign(
            measure, post, director, tasks="T" * 2000, schedule="S" * 255, weekly_hours=4, medical_triggers=[]
        )
    response = client_for(admin).post(f"/mesures/accueil/{placement.pk}/fin/", {"reason": "R" * 255})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.ended_at is not None and len(placement.end_reason) <= 255
