"""What a collective worksite does when the apps below act, in their transaction: a placement
that ends gives back its seats in the sessions to come (C4); sessions changed or cancelled are
told to the participants' officers, the host and the supervisors (C5)."""

from typing import Any

from tig.collective import services
from tig.measures.services import placement_ended
from tig.posts.services import sessions_changed


def _placement_ended(sender: Any, placement: Any, user: Any, **kwargs: Any) -> None:
    services.release(placement, user)


def _sessions_changed(sender: Any, sessions: list[Any], user: Any, cancelled: bool, reason: str, **kwargs: Any) -> None:
    services.tell_of_changed_sessions(sessions, user, cancelled, reason)


def connect() -> None:
    placement_ended.connect(_placement_ended, dispatch_uid="collective_release_seats")
    sessions_changed.connect(_sessions_changed, dispatch_uid="collective_tell_changed_sessions")
