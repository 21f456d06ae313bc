"""Who may do what with a file: the role × action table of tig/habilitations/perms.py. The
files are those of an association of the Côte-d'Or (21), for adults, at each stage; the
opinions are asked of the tribunal of Dijon."""

from datetime import date, timedelta

from tests.roles import HOST, TJ_21, check
from tig.habilitations import perms
from tig.habilitations.enums import Audience, DossierKind, DossierStatus
from tig.habilitations.models import Dossier
from tig.organisations.enums import LegalType
from tig.organisations.models import Organisation
from tig.territories.models import Commune

ORGANISATION = Organisation(
    pk=HOST, name="Recyclerie", legal_type=LegalType.ASSOCIATION, commune=Commune(code="21231", departement_id="21")
)


def dossier(status, *, kind=DossierKind.HABILITATION, audience=Audience.ADULTS, opinions=()) -> Dossier:
    file = Dossier(
        pk=1,
        kind=kind,
        status=status,
        audience=audience,
        organisation=ORGANISATION,
        departement_id="21",
        tribunal=TJ_21,
        opinions_requested_at=None if status in (DossierStatus.DRAFT, DossierStatus.SUBMITTED) else date(2026, 1, 5),
        valid_from=date.today() - timedelta(days=10),
        valid_until=date.today() + timedelta(days=1000),
    )
    file.__dict__["opinions_by_authority"] = dict.fromkeys(opinions)
    return file


DRAFT = dossier(DossierStatus.DRAFT)
SUBMITTED = dossier(DossierStatus.SUBMITTED)
OPINIONS = dossier(DossierStatus.OPINIONS_REQUESTED)
FOR_MINORS = dossier(DossierStatus.OPINIONS_REQUESTED, audience=Audience.MINORS)
GRANTED = dossier(DossierStatus.GRANTED)

ACTIONS = {
    "lire le brouillon": lambda user: perms.can_read(user, DRAFT),
    "lire le dossier déposé": lambda user: perms.can_read(user, SUBMITTED),
    "lire le dossier en avis": lambda user: perms.can_read(user, OPINIONS),
    "ouvrir un dossier pour la structure": lambda user: perms.can_start_for(user, ORGANISATION),
    "voir ses dossiers sur sa page": lambda user: perms.can_see_files_of(user, ORGANISATION),
    "compléter le brouillon": lambda user: perms.can_edit(user, DRAFT),
    "examiner le dossier déposé": lambda user: perms.can_review(user, SUBMITTED),
    "rendre un avis": lambda user: perms.can_give_opinion(user, OPINIONS),
    "décider (majeurs)": lambda user: perms.can_decide(user, OPINIONS),
    "décider (mineurs)": lambda user: perms.can_decide(user, FOR_MINORS),
    "retirer l'habilitation": lambda user: perms.can_withdraw(user, GRANTED),
    "la renouveler": lambda user: perms.can_renew(user, GRANTED),
}

TABLE = """
ATIGIP                | X X X . X . . . . . . .
référent 21           | X X X X X X X . . . . X
référent 59           | . . . . . . . . . . . .
DSPIP 21              | . X X . . . X . X . X .
CPIP 21               | . . . . . . . . . . . .
CPIP 59               | . . . . . . . . . . . .
DTPJJ 21              | . X X . . . . . . X . .
JAP 21                | . . X . . . . X . . . .
procureur 21          | . . X . . . . X . . . .
juge du siège         | . . . . . . . . . . . .
avocat                | . . . . . . . . . . . .
admin structure       | X X X X X X . . . . . X
tuteur structure      | . . . . . . . . . . . .
admin autre structure | . . . . . . . . . . . .
coordinateur partenaire| . . . . . . . . . . . .
"""


def test_the_table():
    assert check(TABLE, ACTIONS) == []


def test_an_opinion_is_given_once():
    from tests.roles import CAST

    given = dossier(DossierStatus.OPINIONS_REQUESTED, opinions=["jap"])
    assert not perms.can_give_opinion(CAST["JAP 21"], given)
    assert perms.can_give_opinion(CAST["procureur 21"], given)
