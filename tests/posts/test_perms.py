"""Who may do what with a post: the role × action table of tig/posts/perms.py (a post of an
organisation of the Côte-d'Or, in the Côte-d'Or)."""

from tests.roles import HOST, check
from tig.organisations.models import Organisation
from tig.posts import perms
from tig.posts.models import Post
from tig.territories.models import Commune

DIJON = Commune(code="21231", departement_id="21")
ORGANISATION = Organisation(pk=HOST, name="Ville de Dijon", commune=DIJON)
POST = Post(pk=1, title="Espaces verts", organisation=ORGANISATION, commune=DIJON)
# A post of a Nord organisation placed in the Côte-d'Or: its referent is that of the Côte-d'Or.
ELSEWHERE = Post(
    pk=2,
    title="Chantier",
    organisation=Organisation(pk=99, commune=Commune(code="59350", departement_id="59")),
    commune=DIJON,
)

ACTIONS = {
    "modifier le poste": lambda user: perms.can_edit_post(user, POST),
    "créer un poste pour la structure": lambda user: perms.can_create_post_for(user, ORGANISATION),
    "voir le contact du tuteur": lambda user: perms.can_see_tutor_contacts(user, POST),
    "demander l'inscription": lambda user: perms.can_request_registration(user, POST),
    "demander celle du poste venu du Nord": lambda user: perms.can_request_registration(user, ELSEWHERE),
}

TABLE = """
ATIGIP                | X X X . .
référent 21           | X X X X X
référent 59           | . . X . X
DSPIP 21              | . . X . .
CPIP 21               | . . X . .
CPIP 59               | . . X . .
DTPJJ 21              | . . . . .
JAP 21                | . . . . .
procureur 21          | . . . . .
juge du siège         | . . . . .
avocat                | . . . . .
admin structure       | X X X X .
tuteur structure      | . . X . .
admin autre structure | . . . . .
coordinateur partenaire| . . . . .
"""


def test_the_table():
    assert check(TABLE, ACTIONS) == []
