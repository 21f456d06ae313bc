import pytest
import time_machine

from tests.accounts.factories import host_member
from tests.collective.factories import NOW, saturdays, service_team, worksite


@pytest.fixture(autouse=True)
def frozen():
    """Monday 7 December 2026: the worksite's first Saturday is the 12th."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def site(db):
    """The Dijon worksite's four Saturdays, its supervisor (a tutor of the town hall), the SPIP's
    director and officer."""
    post = worksite()
    sessions = saturdays(post)
    supervisor = host_member(post.organisation, role="tutor")
    post.supervisors.set([supervisor])
    return {"post": post, "sessions": sessions, "supervisor": supervisor, **service_team()}
