import random
from datetime import timedelta

import factory
from django.utils import timezone

from tests.territories.factories import commune
from tig.organisations.enums import LegalType
from tig.organisations.models import Organisation, SocieteAMissionExperiment
from tig.posts.generation import luhn_siret


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Structure d'accueil {n}")
    siret = factory.Sequence(lambda n: luhn_siret(random.Random(n), prefix="2"))
    legal_type = LegalType.COLLECTIVITE
    address = "1 place de la Mairie"
    commune = factory.LazyFunction(lambda: commune("dijon"))


def experiment(departement_code: str, *, open_today: bool = True) -> SocieteAMissionExperiment:
    """A département of the « sociétés à mission » experiment, open today or ended last year.

    Tests make their own: the rows the migration loads are gone once a browser test has
    flushed the database, which --reuse-db then keeps."""
    today = timezone.localdate()
    ends_on = today + timedelta(days=365) if open_today else today - timedelta(days=365)
    return SocieteAMissionExperiment.objects.create(
        departement_id=departement_code,
        starts_on=ends_on - timedelta(days=3 * 365),
        ends_on=ends_on,
        legal_basis="Arrêté de test",
    )
