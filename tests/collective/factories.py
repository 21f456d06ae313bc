"""A worksite in Dijon with four Saturday sessions of six seats, its supervisor, and the Dijon
SPIP's director and officer with measures waiting for a post."""

from datetime import date, time

from tests.accounts.factories import host_member, probation_officer, spip_director
from tests.measures.factories import MeasureFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.posts import services as posts
from tig.posts.models import Post, Session

SATURDAY = date(2026, 12, 12)
NOW = "2026-12-07 10:00 +01:00"  # the Monday before
AFTER_FIRST = "2026-12-12 16:00 +01:00"  # the first Saturday's session over


def worksite(**kwargs) -> Post:
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    values = {"title": "Rénovation du stade", "collective": True, "places_offered": 6, **kwargs}
    return PostFactory(organisation=organisation, **values)


def saturdays(post: Post, weeks: int = 4, capacity: int = 6, start: time = time(8, 30), end: time = time(14, 30)):
    admin = host_member(post.organisation)
    sessions: list[Session] = posts.add_sessions(
        admin, post, SATURDAY, start, end, capacity, "Entrée du stade, rue du Stade", weeks
    )
    return sessions


def service_team() -> dict:
    officer = probation_officer("21")
    return {"officer": officer, "director": spip_director("21")}


def waiting_measures(officer, count: int, **kwargs) -> list:
    return [MeasureFactory(service=officer.service, officer=officer, **kwargs) for _ in range(count)]
