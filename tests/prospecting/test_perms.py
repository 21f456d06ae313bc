"""Who sees and works the prospecting (tig/prospecting/perms.py), as a table: the referents of
the target's département and the agency; nobody else, not even the courts or the hosts."""

from tests.roles import check
from tig.prospecting import perms

ACTIONS = {
    "ouvrir la prospection": perms.can_prospect,
    "voir une cible de Côte-d'Or": lambda user: perms.can_see_target(user, "21"),
    "travailler une cible de Côte-d'Or": lambda user: perms.can_work_target(user, "21"),
    "importer en Côte-d'Or": lambda user: perms.can_import_targets(user, "21"),
    "se voir confier une cible de Côte-d'Or": lambda user: perms.can_be_assigned(user, "21"),
    "fixer les objectifs": perms.can_set_objectives,
    "lire l'objectif de la Côte-d'Or": lambda user: perms.can_see_objective(user, "21", None),
}

TABLE = """
ATIGIP                | X X X X . X X
référent 21           | X X X X X . X
référent 59           | X . . . . . .
DSPIP 21              | . . . . . . .
CPIP 21               | . . . . . . .
CPIP 59               | . . . . . . .
DTPJJ 21              | . . . . . . .
JAP 21                | . . . . . . .
procureur 21          | . . . . . . .
juge du siège         | . . . . . . .
avocat                | . . . . . . .
admin structure       | . . . . . . .
tuteur structure      | . . . . . . .
admin autre structure | . . . . . . .
coordinateur partenaire| . . . . . . .
"""


def test_the_table():
    assert check(TABLE, ACTIONS) == []


def test_the_scope():
    from tests.roles import CAST

    assert perms.departements_in_view(CAST["ATIGIP"]) is None
    assert perms.departements_in_view(CAST["référent 59"]) == ["59"]
    assert perms.departements_in_view(CAST["JAP 21"]) == []
    # A referent's own objective: theirs only.
    me, other = CAST["référent 21"], CAST["référent 59"]
    assert perms.can_see_objective(me, None, me.pk) and not perms.can_see_objective(other, None, me.pk)
