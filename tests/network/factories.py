from datetime import timedelta

import factory
from django.utils import timezone

from tests.accounts.factories import referent
from tig.network.enums import Audience, EventKind
from tig.network.models import Event


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Rencontre {n}")
    kind = EventKind.INFORMATION
    audience = Audience.MEMBERS
    departement_id = "21"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Salle du conseil, Dijon"
    organiser = factory.LazyAttribute(lambda o: referent(o.departement_id or "21"))
