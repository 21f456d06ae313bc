"""Who may do what with a host organisation: the role × action table of
tig/organisations/perms.py (the organisation is in the Côte-d'Or, 21)."""

from tests.roles import HOST, OTHER_HOST, check
from tig.organisations import perms
from tig.organisations.models import Organisation
from tig.territories.models import Commune

ORGANISATION = Organisation(pk=HOST, name="Ville de Dijon", commune=Commune(code="21231", departement_id="21"))
OTHER = Organisation(pk=OTHER_HOST, name="Ville de Lille", commune=Commune(code="59350", departement_id="59"))

ACTIONS = {
    "lister les structures": perms.can_list_organisations,
    "enregistrer une structure": perms.can_create_organisation,
    "modifier la structure": lambda user: perms.can_edit_organisation(user, ORGANISATION),
    "gérer ses membres": lambda user: perms.can_manage_members(user, ORGANISATION),
    "modifier l'autre structure (59)": lambda user: perms.can_edit_organisation(user, OTHER),
    "l'administrer": lambda user: perms.administers(user, HOST),
    "en être membre": lambda user: perms.is_member_of(user, HOST),
}

TABLE = """
ATIGIP                | X X X X X . .
référent 21           | X X X X . . .
référent 59           | X X . . X . .
DSPIP 21              | . . . . . . .
CPIP 21               | . . . . . . .
CPIP 59               | . . . . . . .
DTPJJ 21              | . . . . . . .
JAP 21                | . . . . . . .
procureur 21          | . . . . . . .
juge du siège         | . . . . . . .
avocat                | . . . . . . .
admin structure       | X . X X . X X
tuteur structure      | X . . . . . X
admin autre structure | X . . . X . .
coordinateur partenaire| . . . . . . .
"""


def test_the_table():
    assert check(TABLE, ACTIONS) == []


def test_administered_organisations():
    from tests.roles import CAST

    assert perms.administered_organisations(CAST["admin structure"]) == [HOST]
    assert perms.administered_organisations(CAST["tuteur structure"]) == []
    assert perms.administered_organisations(CAST["ATIGIP"]) == []
