from datetime import date

import factory

from tests.accounts.factories import ServiceFactory
from tests.territories.factories import commune
from tig.measures.enums import ConsentMode, MeasureKind
from tig.measures.models import Measure


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
