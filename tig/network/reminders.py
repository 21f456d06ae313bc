"""The reminder of an event to those registered, once, the day before (docs/regles.md, P15),
through the platform's reminder engine."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from tig.network.models import Participation
from tig.notifications.enums import NotificationKind
from tig.notifications.reminders import Due, Reminder


class EventReminder(Reminder):
    name = "network.event"
    kind = NotificationKind.NETWORK_EVENT
    every = timedelta(days=365)
    at_most = 1

    def candidates(self, now: datetime) -> Iterable[Due]:
        coming = (
            Participation.objects.filter(
                registered_at__isnull=False,
                event__cancelled_at__isnull=True,
                event__starts_at__gt=now,
                event__starts_at__lte=now + timedelta(days=2),
            )
            .select_related("event", "user")
            .order_by("event__starts_at", "pk")
        )
        for participation in coming:
            event = participation.event
            where = "en ligne (le lien est sur la page de la rencontre)" if event.online_url else event.place
            yield Due(
                key=f"event:{event.pk}:{participation.user_id}",
                title=f"Rappel : {event.title}, le {timezone.localtime(event.starts_at):%d/%m/%Y à %H:%M}",
                body=f"Vous êtes inscrit à cette rencontre, {where}.",
                url=reverse("network:event", args=[event.pk]),
                users=(participation.user,),
            )
