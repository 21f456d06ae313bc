from datetime import date

import factory

from tests.accounts.factories import ServiceFactory
from tests.territories.factories import commune
from tig.measures.enums import ConsentMode, MeasureKind, MeasureStatus
from tig.measures.models import Measure, Placement


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    appi_number = factory.Sequence(lambda n: f"APPI-{n:06d}")
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    first_names = "Kevin"
    birth_date = date(1998, 5, 4)
    residence = factory.LazyFunction(lambda: commune("dijon"))
    kind = MeasureKind.TIG
    hours_ordered = 105
    sentence_date = date(2026, 9, 1)
    deadline = date(2027, 9, 1)
    consent_mode = ConsentMode.PRESENT
    service = factory.LazyFunction(ServiceFactory)


class PlacementFactory(factory.django.DjangoModelFactory):
    """A placement as `services.assign` leaves it (the post's place taken)."""

    class Meta:
        model = Placement
        skip_postgeneration_save = True

    measure = factory.SubFactory(MeasureFactory)
    post = factory.SubFactory("tests.posts.factories.PostFactory", places_taken=1)
    tasks = "Entretien des massifs."
    schedule = "Le samedi de 9 h à 12 h"
    weekly_hours = 3
    decided_by = factory.LazyAttribute(lambda placement: placement.measure.officer)

    @factory.post_generation
    def assigned(placement, create, extracted, **kwargs):
        placement.measure.status = MeasureStatus.ASSIGNED
        if create:
            Measure.objects.filter(pk=placement.measure_id).update(status=MeasureStatus.ASSIGNED)
