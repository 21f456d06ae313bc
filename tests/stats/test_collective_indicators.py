"""The collective worksites in numbers (tig/stats/collective.py): the worksites in search, the
sessions held in the 365 days up to the day (cancelled and future ones not counted), their places
offered and taken; shown on the statistics page as numbers, nobody named."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.accounts.factories import host_member, referent
from tests.collective.factories import saturdays, service_team, waiting_measures, worksite
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.collective import services as collective
from tig.posts import services as posts
from tig.posts.models import Session
from tig.stats.collective import measure
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import chains
from tig.stats.models import Snapshot
from tig.stats.tasks import take_snapshot

pytestmark = pytest.mark.django_db


def test_worksites_sessions_and_places_per_territory(client_for):
    with time_machine.travel("2026-12-07 10:00 +01:00", tick=False) as traveller:
        post = worksite()
        sessions = saturdays(post, weeks=3, capacity=6)
        team = service_team()
        people = waiting_measures(team["officer"], 2)
        collective.enrol(team["director"], sessions[0], people, tasks="x", whole_series=True)
        posts.cancel_session(host_member(post.organisation), sessions[2], "Pluie")
        lille = PostFactory(organisation=OrganisationFactory(commune=commune("lille")), collective=True)
        Session.objects.create(  # held a year and a half ago: out of the window
            post=lille,
            starts_at=timezone.now() - timedelta(days=540),
            ends_at=timezone.now() - timedelta(days=540) + timedelta(hours=3),
            capacity=8,
        )
        PostFactory(collective=False)
        traveller.move_to("2026-12-20 10:00 +01:00")  # two sessions held, the third cancelled
        values = measure(timezone.localdate(), chains())
        expected = {"worksites": 1, "worksite_sessions": 2, "seats_offered": 12, "seats_filled": 4}
        assert values[(Level.DEPARTEMENT, "21")] == expected
        assert values[(Level.DEPARTEMENT, "59")] == {
            "worksites": 1,
            "worksite_sessions": 0,
            "seats_offered": 0,
            "seats_filled": 0,
        }
        assert values[(Level.NATIONAL, NATIONAL_CODE)]["worksites"] == 2
        take_snapshot.call()
        assert Snapshot.objects.get(indicator="seats_filled", level=Level.NATIONAL).value == 4
        page = client_for(referent("21")).get("/statistiques/").content.decode()
        assert "Les chantiers collectifs" in page and "Places prises en séance" in page
        assert not any(person.last_name in page for person in people)
