"""Who may do what on a collective worksite's sessions (docs/regles.md, C3–C6). Pure functions
of the user and of what the view already read (the worksite's supervisors as a set of ids). The
changes to the sessions themselves are the post's editors' (tig.posts.perms.can_edit_post); the
enrolment of a measure is its assignment (tig.measures.perms.can_assign)."""

from tig.accounts.models import User
from tig.measures import perms as measures_perms
from tig.measures.models import Measure
from tig.organisations.perms import administers
from tig.posts.models import Post


def opens_worksites(user: User) -> bool:
    """Who has the « Chantiers collectifs » page: host members (their worksites, those they
    supervise), SPIP staff and PJJ directors (the sessions to enrol on, those they supervise)."""
    return user.is_active and (user.is_host_staff or measures_perms.can_create_measure(user))


def opens_session(user: User, supervisor_ids: set[int]) -> bool:
    """A session's page: who has « Chantiers collectifs », a JAP (the measures they reserved),
    the worksite's supervisors. Not lawyers nor the other magistrates: the search shows them the
    sessions and their free places."""
    return opens_worksites(user) or user.is_jap or user.pk in supervisor_ids


def can_fill_sheet(user: User, post: Post, supervisor_ids: set[int]) -> bool:
    """The session's attendance sheet, and so the names of all its participants (nothing more of
    them: C6): the worksite's supervisors, the host's administrators. A service sees only the
    participants of its own measures."""
    return user.pk in supervisor_ids or administers(user, post.organisation_id)


def can_enrol(user: User) -> bool:
    """Who enrols measures: the directors of a SPIP or a PJJ service (each measure is still
    asked `measures.perms.can_assign`, which lets a JAP who reserved it decide)."""
    return measures_perms.is_service_director(user) or user.is_jap


def can_withdraw(user: User, measure: Measure) -> bool:
    """The enrolment on a session to come is withdrawn by whoever decides the assignment."""
    return measures_perms.can_assign(user, measure)
