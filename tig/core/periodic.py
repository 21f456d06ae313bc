"""Periodic tasks, enqueued on Django's tasks framework by `manage.py run_scheduler`.

Several schedulers may run (one per application server): each due task is claimed by a
conditional UPDATE that only one of them can win, so it is enqueued once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.module_loading import import_string

from tig.core.models import PeriodicTaskState


@dataclass(frozen=True)
class Periodic:
    name: str
    task: str  # dotted path of a django.tasks Task
    every: timedelta


SCHEDULE = [
    Periodic("audit.purge", "tig.audit.tasks.purge_audit_log", timedelta(days=1)),
    Periodic("notifications.retry", "tig.notifications.tasks.retry_emails", timedelta(minutes=10)),
    Periodic("notifications.reminders", "tig.notifications.tasks.send_reminders", timedelta(days=1)),
    Periodic("habilitations.review", "tig.habilitations.tasks.review_habilitations", timedelta(days=1)),
    Periodic("posts.freshness", "tig.posts.tasks.review_freshness", timedelta(days=1)),
    Periodic("organisations.purge_signups", "tig.organisations.tasks.purge_signups", timedelta(hours=6)),
    # Retention is due even when the measures' pages are switched off.
    Periodic("measures.anonymise", "tig.measures.tasks.anonymise_closed_measures", timedelta(days=1)),
    Periodic("measures.alerts", "tig.measures.tasks.alert_officers", timedelta(days=1)),
    Periodic("stats.snapshot", "tig.stats.tasks.take_snapshot", timedelta(days=1)),
    Periodic("api.purge_counts", "tig.api.tasks.purge_request_counts", timedelta(hours=1)),
    Periodic("prospecting.purge_contacts", "tig.prospecting.tasks.purge_abandoned_contacts", timedelta(days=1)),
]


def enqueue_due(now: datetime | None = None, schedule: list[Periodic] = SCHEDULE) -> list[str]:
    now = now or timezone.now()
    enqueued = []
    for periodic in schedule:
        # get_or_create survives another scheduler creating the row at the same moment.
        PeriodicTaskState.objects.get_or_create(name=periodic.name, defaults={"next_run_at": now})
        claimed = PeriodicTaskState.objects.filter(name=periodic.name, next_run_at__lte=now).update(
            next_run_at=now + periodic.every, last_enqueued_at=now
        )
        if claimed:
            import_string(periodic.task).enqueue()
            enqueued.append(periodic.name)
    return enqueued
