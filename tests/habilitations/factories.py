from datetime import timedelta

import factory
from django.utils import timezone

from tests.organisations.factories import OrganisationFactory
from tig.habilitations.clock import validity_end
from tig.habilitations.enums import DossierKind, DossierStatus, PersonRole
from tig.habilitations.models import Dossier, Person
from tig.organisations.enums import LegalType


def association(**kwargs):
    return OrganisationFactory(**{"legal_type": LegalType.ASSOCIATION, **kwargs})


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    kind = DossierKind.HABILITATION
    organisation = factory.LazyFunction(association)
    departement_id = factory.LazyAttribute(lambda o: o.organisation.commune.departement_id)
    presentation = "Ateliers de réemploi ouverts au public."


def board_member(dossier, **kwargs) -> Person:
    fields = {
        "role": PersonRole.BOARD_MEMBER,
        "last_name": "Garnier",
        "first_names": "Bruno",
        "birth_date": "1971-04-02",
        "birth_place": "Beaune (21)",
        "nationality": "française",
        "function": "Président",
    }
    return Person.objects.create(dossier=dossier, **{**fields, **kwargs})


def granted_habilitation(organisation, *, days_ago: int = 30, **kwargs) -> Dossier:
    start = timezone.localdate() - timedelta(days=days_ago)
    return DossierFactory(
        organisation=organisation,
        status=DossierStatus.GRANTED,
        valid_from=start,
        valid_until=validity_end(start, 5),
        decided_at=timezone.now() - timedelta(days=days_ago),
        **kwargs,
    )


def awaiting_decision(*, kind=DossierKind.HABILITATION, days_ago: int = 0, tribunal=None, **kwargs) -> Dossier:
    requested = timezone.now() - timedelta(days=days_ago)
    return DossierFactory(
        kind=kind,
        status=DossierStatus.OPINIONS_REQUESTED,
        submitted_at=requested,
        opinions_requested_at=requested,
        tribunal=tribunal,
        **kwargs,
    )
