"""The tutors and the tutors trained per territory (tig/stats/training.py): counted once per
territory, a completion of a course for new tutors only, a withdrawn attestation not counted; the
statistics page shows them as numbers, nobody named."""

import pytest
from django.utils import timezone

from tests.accounts.factories import host_member, referent
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune
from tests.training.factories import course_version
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import chains
from tig.stats.models import Snapshot
from tig.stats.tasks import take_snapshot
from tig.stats.training import measure
from tig.training.models import Completion

pytestmark = pytest.mark.django_db


def test_tutors_and_tutors_trained_per_territory(client_for):
    starter = course_version("depart", for_new_tutors=True)
    other = course_version("autre")
    dijon, beaune, lille = OrganisationFactory(), OrganisationFactory(), OrganisationFactory(commune=commune("lille"))
    trained = host_member(dijon, role="tutor", last_name="Formée")
    host_member(beaune, role="tutor").memberships.create(organisation=lille, role="tutor")  # in 21 and 59
    host_member(dijon, role="admin")  # not a tutor
    only_other = host_member(lille, role="tutor")
    revoked = host_member(lille, role="tutor")
    Completion.objects.create(user=trained, version=starter)
    Completion.objects.create(user=only_other, version=other)
    Completion.objects.create(user=revoked, version=starter, revoked_at=timezone.now(), revoked_reason="Erreur")
    values = measure(chains())
    assert values[(Level.DEPARTEMENT, "21")] == {"tutors": 2, "tutors_trained": 1}
    assert values[(Level.DEPARTEMENT, "59")] == {"tutors": 3, "tutors_trained": 0}
    assert values[(Level.NATIONAL, NATIONAL_CODE)] == {"tutors": 4, "tutors_trained": 1}
    take_snapshot.call()
    assert Snapshot.objects.get(indicator="tutors_trained", level=Level.NATIONAL).value == 1
    page = client_for(referent("21")).get("/statistiques/").content.decode()
    assert "La formation des tuteurs" in page and "Tuteurs formés" in page and "Formée" not in page
