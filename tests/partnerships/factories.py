from datetime import timedelta

import factory
from django.utils import timezone

from tests.accounts.factories import partner_coordinator
from tig.accounts.models import User
from tig.partnerships.enums import PartnerKind
from tig.partnerships.models import Agreement, Coordinator, Partner


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire national {n}")
    kind = PartnerKind.COMPANY


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    title = "Accord-cadre"
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    starts_on = factory.LazyAttribute(lambda o: o.signed_on)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=3 * 365))
    signatories = "La directrice de l'ATIGIP\nLe président du partenaire"


def coordinator_of(partner: Partner) -> User:
    user = partner_coordinator()
    Coordinator.objects.create(user=user, partner=partner)
    return user
