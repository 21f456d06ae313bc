from datetime import timedelta

import pytest
from django.utils import timezone

from tig.core.models import PeriodicTaskState
from tig.core.periodic import Periodic, enqueue_due

pytestmark = pytest.mark.django_db

CALLS = []


class FakeTask:
    def enqueue(self):
        CALLS.append(1)


fake_task = FakeTask()
SCHEDULE = [Periodic("essai", "tests.core.test_periodic.fake_task", timedelta(hours=1))]


def test_a_due_task_is_enqueued_once_per_period():
    CALLS.clear()
    now = timezone.now()
    assert enqueue_due(now, SCHEDULE) == ["essai"]
    # A second scheduler (another server) at the same moment gets nothing.
    assert enqueue_due(now, SCHEDULE) == []
    assert enqueue_due(now + timedelta(minutes=59), SCHEDULE) == []
    assert enqueue_due(now + timedelta(hours=1), SCHEDULE) == ["essai"]
    assert len(CALLS) == 2
    assert PeriodicTaskState.objects.get(name="essai").next_run_at == now + timedelta(hours=2)


def test_the_audit_purge_is_scheduled_daily():
    from tig.core.periodic import SCHEDULE as REAL

    purge = next(p for p in REAL if p.task == "tig.audit.tasks.purge_audit_log")
    assert purge.every == timedelta(days=1)
