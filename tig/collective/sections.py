"""The worksite's sessions on the measure's page (the service's side) and in the documents of
its placement: the decision, the host's copy, the letter to the person (C3)."""

from typing import Any

from django.utils import timezone

from tig.accounts.typing import AuthenticatedRequest
from tig.collective.models import Enrolment
from tig.core.pdf import text
from tig.core.sections import Section
from tig.measures import perms as measures_perms
from tig.measures.sections import detail, register_placement_details
from tig.posts.sessions import when


def measure_sessions(request: AuthenticatedRequest, measure: Any) -> dict[str, Any] | None:
    enrolments = list(
        Enrolment.objects.filter(placement__measure=measure)
        .select_related("session__post", "attendance", "incident")
        .order_by("session__starts_at", "pk")
    )
    if not enrolments:
        return None
    return {
        "measure": measure,
        "enrolments": enrolments,
        "can_withdraw": measures_perms.can_assign(request.user, measure),
        "now": timezone.now(),
    }


def placement_lines(placement: Any) -> list[str]:
    if not placement.post.collective:
        return []
    sessions = [
        enrolment.session
        for enrolment in Enrolment.objects.active()
        .filter(placement=placement, session__cancelled_at__isnull=True)
        .select_related("session")
        .order_by("session__starts_at")
    ]
    if not sessions:
        return []
    supervisors = ", ".join(user.get_full_name() for user in placement.post.supervisors.order_by("last_name"))
    return [
        "Séances du chantier collectif :",
        *(f"— le {text(when(session))}, rendez-vous : {text(session.meeting_point)}" for session in sessions),
        f"Encadrants : {text(supervisors)}" if supervisors else "Encadrants : désignés par la structure",
    ]


def register() -> None:
    detail.register(Section("collective", 10, "collective/_measure_section.html", measure_sessions))
    register_placement_details(placement_lines)
