"""Who sees and does what in the national partnerships (tig/partnerships/perms.py), as a table:
the agency keeps them; a referent reads every partner and works in their départements; a
partner's coordinator reads its own network's figures; nobody else sees anything of them."""

from tests.roles import CAST, check
from tig.partnerships import perms

OWN, OTHER = 1, 2

ACTIONS = {
    "voir les partenaires": perms.can_see_partners,
    "tenir les partenaires": perms.can_manage_partners,
    "rattacher en Côte-d'Or": lambda user: perms.can_link_organisation(user, "21"),
    "noter une action en Côte-d'Or": lambda user: perms.can_log_action(user, "21"),
    "lire les chiffres de son partenaire": lambda user: perms.can_read_network(user, OWN, OWN),
    "lire les chiffres d'un autre": lambda user: perms.can_read_network(user, OTHER, OWN),
}

TABLE = """
ATIGIP                  | X X X X X X
référent 21             | X . X X X X
référent 59             | X . . . X X
DSPIP 21                | . . . . . .
CPIP 21                 | . . . . . .
CPIP 59                 | . . . . . .
DTPJJ 21                | . . . . . .
JAP 21                  | . . . . . .
procureur 21            | . . . . . .
juge du siège           | . . . . . .
avocat                  | . . . . . .
admin structure         | . . . . . .
tuteur structure        | . . . . . .
admin autre structure   | . . . . . .
coordinateur partenaire | . . . . X .
"""


def test_the_table():
    assert check(TABLE, ACTIONS) == []


def test_a_coordinator_coordinating_nothing_reads_nothing():
    assert not perms.can_read_network(CAST["coordinateur partenaire"], OWN, None)


def test_the_scope_of_the_figures():
    assert perms.departements_in_view(CAST["ATIGIP"]) is None
    assert perms.departements_in_view(CAST["référent 21"]) == ["21"]
    assert perms.departements_in_view(CAST["coordinateur partenaire"]) is None  # its own partner only
    assert perms.departements_in_view(CAST["avocat"]) == []
