import factory

from tests.territories.factories import departement
from tig.accounts.enums import MagistrateFunction, Role, ServiceKind
from tig.accounts.models import Service, User
from tig.organisations.models import Membership

PASSWORD = "Mot-de-passe-de-test-2026"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ["kind", "name"]

    kind = ServiceKind.SPIP
    name = factory.LazyAttribute(lambda o: f"SPIP {o.departement.name_with_of}")
    departement = factory.LazyFunction(lambda: departement("21"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    role = Role.PROBATION_OFFICER
    service = factory.LazyAttribute(
        lambda o: ServiceFactory() if o.role in (Role.PROBATION_OFFICER, Role.SPIP_DIRECTOR) else None
    )
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def departements(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.departements.set(extracted)


def national_admin(**kwargs) -> User:
    return UserFactory(role=Role.NATIONAL_ADMIN, **kwargs)


def referent(*departement_codes: str, **kwargs) -> User:
    return UserFactory(role=Role.REFERENT, departements=[departement(code) for code in departement_codes], **kwargs)


def probation_officer(departement_code: str = "21", **kwargs) -> User:
    return UserFactory(
        role=Role.PROBATION_OFFICER,
        service=ServiceFactory(departement=departement(departement_code)),
        **kwargs,
    )


def spip_director(departement_code: str = "21", **kwargs) -> User:
    return UserFactory(
        role=Role.SPIP_DIRECTOR, service=ServiceFactory(departement=departement(departement_code)), **kwargs
    )


def magistrate(function: str = MagistrateFunction.JAP, departement_code: str = "21", **kwargs) -> User:
    dept = departement(departement_code)
    tribunal = ServiceFactory(
        kind=ServiceKind.TRIBUNAL, name=f"Tribunal judiciaire {dept.name_with_of}", departement=dept
    )
    return UserFactory(role=Role.MAGISTRATE, magistrate_function=function, service=tribunal, **kwargs)


def lawyer(**kwargs) -> User:
    return UserFactory(role=Role.LAWYER, bar="Dijon", **kwargs)


def partner_coordinator(**kwargs) -> User:
    """The account alone; tests.partnerships.factories.coordinator_of attaches it to a partner."""
    return UserFactory(role=Role.PARTNER_COORDINATOR, **kwargs)


def host_member(organisation, role: str = "admin", **kwargs) -> User:
    user = UserFactory(role=Role.HOST_STAFF, **kwargs)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def pjj_director(departement_code: str = "21", **kwargs) -> User:
    dept = departement(departement_code)
    service = ServiceFactory(kind=ServiceKind.PJJ, name=f"DTPJJ {dept.name_with_of}", departement=dept)
    return UserFactory(role=Role.PJJ_DIRECTOR, service=service, **kwargs)
