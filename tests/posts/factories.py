import factory

from tests.organisations.factories import OrganisationFactory
from tig.posts.enums import ActivityDomain, PostStatus, Registration
from tig.posts.models import Post


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Poste {n}")
    domain = ActivityDomain.GREEN_SPACES
    tasks = "Entretien des massifs."
    commune = factory.LazyAttribute(lambda o: o.organisation.commune)
    lat = factory.LazyAttribute(lambda o: o.commune.lat)
    lon = factory.LazyAttribute(lambda o: o.commune.lon)
    places_offered = 2
    places_taken = 0
    schedule = factory.LazyFunction(lambda: {"mon": {"start": "08:30", "end": "12:00"}})
    status = PostStatus.ACTIVE
    # A post found in search unless a test says otherwise: registered, its host habilitated.
    registration = Registration.REGISTERED
    places_registered = factory.LazyAttribute(
        lambda o: o.places_offered if o.registration == Registration.REGISTERED else None
    )
    host_habilitated = True
