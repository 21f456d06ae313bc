"""Who may invite whom: the role × action table of tig/accounts/perms.py."""

from tests.roles import check
from tig.accounts import perms
from tig.accounts.enums import Role

ACTIONS = {
    "gérer les invitations": perms.can_manage_invitations,
    "inviter un avocat": lambda user: perms.can_invite(user, Role.LAWYER),
    "inviter un CPIP": lambda user: perms.can_invite(user, Role.PROBATION_OFFICER),
    "inviter un référent": lambda user: perms.can_invite(user, Role.REFERENT),
    "inviter l'ATIGIP": lambda user: perms.can_invite(user, Role.NATIONAL_ADMIN),
    "inviter un membre de structure": lambda user: perms.can_invite(user, Role.HOST_STAFF),
    "rôle « structure » sur la page des invitations": lambda user: Role.HOST_STAFF in perms.invitable_roles(user),
}

TABLE = """
ATIGIP                | X X X X X X .
référent 21           | X X X . . X .
référent 59           | X X X . . X .
DSPIP 21              | . . . . . . .
CPIP 21               | . . . . . . .
CPIP 59               | . . . . . . .
DTPJJ 21              | . . . . . . .
JAP 21                | . . . . . . .
procureur 21          | . . . . . . .
juge du siège         | . . . . . . .
avocat                | . . . . . . .
admin structure       | . . . . . X .
tuteur structure      | . . . . . X .
admin autre structure | . . . . . X .
coordinateur partenaire| . . . . . . .
"""


def test_the_table():
    assert check(TABLE, ACTIONS) == []
