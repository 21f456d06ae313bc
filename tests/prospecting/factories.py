import factory

from tests.territories.factories import commune
from tig.prospecting.enums import Source, TargetKind
from tig.prospecting.models import Target


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    name = factory.Sequence(lambda n: f"Association cible {n}")
    kind = TargetKind.ASSOCIATION
    commune = factory.LazyFunction(lambda: commune("dijon"))
    departement_id = factory.LazyAttribute(lambda o: o.commune.departement_id)
    source = Source.MANUAL
    email = "contact@cible.test"


def town_hall(key: str, **kwargs) -> Target:
    place = commune(key)
    return TargetFactory(
        name=f"Mairie de {place.name}",
        kind=TargetKind.TOWN_HALL,
        commune=place,
        population=place.population,
        reference_code=f"mairie-{place.code}",
        siren=kwargs.pop("siren", f"21{place.code.replace('A', '0').replace('B', '0')}00"[:9]),
        source=Source.REFERENCE,
        **kwargs,
    )
