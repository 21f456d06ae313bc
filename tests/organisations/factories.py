import random

import factory

from tests.territories.factories import commune
from tig.organisations.enums import LegalType
from tig.organisations.models import Organisation
from tig.posts.generation import luhn_siret


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Structure d'accueil {n}")
    siret = factory.Sequence(lambda n: luhn_siret(random.Random(n), prefix="2"))
    legal_type = LegalType.COLLECTIVITE
    address = "1 place de la Mairie"
    commune = factory.LazyFunction(lambda: commune("dijon"))
