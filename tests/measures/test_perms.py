"""Who may do what with a measure: the role × action table of tig/measures/perms.py. The
measure is followed by the SPIP of the Côte-d'Or, its JAP is the JAP of Dijon (CAST's), it
is placed on a post of the host organisation."""

from decimal import Decimal

import pytest

from tests.roles import CAST, HOST, SPIP_21, check
from tig.measures import perms
from tig.measures.enums import MeasureStatus, SuspensionReason
from tig.measures.models import Measure, Placement
from tig.organisations.models import Organisation
from tig.posts.models import Post

JAP = CAST["JAP 21"]


def measure(**fields) -> Measure:
    values = {"pk": 1, "service": SPIP_21, "jap_id": JAP.pk, "status": MeasureStatus.IN_PROGRESS, "hours_ordered": 20}
    return Measure(**{**values, **fields})


OPEN = measure()
RESERVED = measure(assignment_reserved=True)
CLOSED = measure(status=MeasureStatus.COMPLETED)
DONE = measure()
DONE.attested, DONE.hours_validated = True, Decimal(20)
NOT_DONE = measure()
NOT_DONE.attested, NOT_DONE.hours_validated = True, Decimal(19)
PLACEMENT = Placement(pk=1, measure=OPEN, post=Post(pk=1, organisation=Organisation(pk=HOST)))

ACTIONS = {
    "ouvrir le suivi": perms.follows_measures,
    "vue du service": perms.is_service_director,
    "enregistrer une mesure": perms.can_create_measure,
    "modifier la mesure": lambda user: perms.can_edit(user, OPEN),
    "affecter": lambda user: perms.can_assign(user, OPEN),
    "affecter (réservée au juge)": lambda user: perms.can_assign(user, RESERVED),
    "chercher un poste": lambda user: perms.can_match(user, OPEN),
    "proposer un poste au directeur": lambda user: perms.can_propose(user, OPEN),
    "suspendre le délai (détention)": lambda user: perms.can_record_suspension(user, OPEN, SuspensionReason.DETENTION),
    "suspendre le délai (motif médical)": lambda user: perms.can_record_suspension(
        user, OPEN, SuspensionReason.MEDICAL
    ),
    "valider les heures": lambda user: perms.can_validate_hours(user, OPEN),
    "clore la mesure exécutée": lambda user: perms.can_close(user, DONE),
    "mettre fin à l'accueil (structure)": lambda user: perms.may_end_hosting(user, PLACEMENT),
    "mettre fin à l'affectation": lambda user: perms.can_end_placement(user, PLACEMENT),
}

TABLE = """
ATIGIP                | . . . . . . . . . . . . . .
référent 21           | . . . . . . . . . . . . . .
référent 59           | . . . . . . . . . . . . . .
DSPIP 21              | X X X X X . X . X . X X . X
CPIP 21               | X . X X . . X X X . X X . X
CPIP 59               | X . X . . . . . . . . . . .
DTPJJ 21              | X X X . . . . . . . . . . .
JAP 21                | X . . . . X . . . X . . . .
procureur 21          | . . . . . . . . . . . . . .
juge du siège         | . . . . . . . . . . . . . .
avocat                | . . . . . . . . . . . . . .
admin structure       | . . . . . . . . . . . . X X
tuteur structure      | . . . . . . . . . . . . . .
admin autre structure | . . . . . . . . . . . . . .
coordinateur partenaire| . . . . . . . . . . . . . .
"""


def test_the_table():
    assert check(TABLE, ACTIONS) == []


def test_nothing_is_done_on_a_closed_measure_or_before_its_hours():
    officer = CAST["CPIP 21"]
    assert not perms.can_validate_hours(officer, CLOSED)
    assert not perms.can_record_suspension(officer, CLOSED, SuspensionReason.DETENTION)
    assert not perms.can_close(officer, NOT_DONE)


@pytest.mark.django_db
def test_the_host_side_is_the_posts_tutors_and_the_organisations_admins():
    from tests.accounts.factories import host_member, spip_director
    from tests.measures.factories import PlacementFactory
    from tests.organisations.factories import OrganisationFactory
    from tests.posts.factories import PostFactory

    organisation = OrganisationFactory()
    post = PostFactory(organisation=organisation)
    admin, tutor, other = (host_member(organisation, role=role) for role in ("admin", "tutor", "tutor"))
    post.tutors.add(tutor)
    placement = PlacementFactory(post=post, decided_by=spip_director("21"))
    assert [perms.hosts(user, placement) for user in (admin, tutor, other)] == [True, True, False]
    assert [perms.can_attest(user, placement, Decimal(105)) for user in (admin, tutor, other)] == [True, True, False]
    assert not perms.can_attest(tutor, placement, Decimal(104))
    assert [perms.can_resume(user, placement) for user in (admin, tutor, other)] == [True, True, False]
