"""Following the training (docs/regles.md, F8): the agency sees the tutors of France, a referent
those of their départements, an organisation's administrator its own members — one line per
person and organisation, with where they stand in a course. The list is read a page at a time,
in a constant number of queries whatever its length."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from tig.accounts.models import User
from tig.organisations.models import Membership
from tig.organisations.perms import administered_organisations
from tig.posts.tutors import tutor_memberships
from tig.training.models import (
    Completion,
    Course,
    CourseVersion,
    Invitation,
    Lesson,
    LessonDone,
    Question,
    QuizAttempt,
)

COMPLETED, STARTED, NOT_STARTED = "terminee", "en-cours", "pas-commencee"
STATES = {COMPLETED: "Terminée", STARTED: "En cours", NOT_STARTED: "Pas commencée"}


@dataclass(frozen=True)
class Scope:
    """Whose training a user follows: the tutors of some départements (None: France), or all the
    members of the organisations they administer."""

    departements: list[str] | None = None
    organisations: list[int] | None = None


def scope_of(user: User) -> Scope | None:
    if not user.is_active:
        return None
    if user.is_national_admin:
        return Scope()
    if user.is_referent:
        return Scope(departements=sorted(user.referent_departement_codes))
    administered = administered_organisations(user)
    return Scope(organisations=administered) if administered else None


def members(scope: Scope) -> QuerySet[Membership]:
    if scope.organisations is not None:
        return Membership.objects.filter(organisation_id__in=scope.organisations, user__is_active=True)
    return tutor_memberships(scope.departements)


def follows(by: User, member: User) -> bool:
    scope = scope_of(by)
    return scope is not None and members(scope).filter(user=member).exists()


def _completed(course: Course) -> QuerySet[Completion]:
    """A line's completions of the course (any version, attestation standing), latest first."""
    return Completion.objects.filter(
        user=OuterRef("user_id"), version__course=course, revoked_at__isnull=True
    ).order_by("-completed_at")


def _started(course: Course) -> Exists:
    return Exists(LessonDone.objects.filter(user=OuterRef("user_id"), lesson__module__version__course=course))


def learners(scope: Scope, course: Course, state: str = "", search: str = "") -> QuerySet[Membership]:
    """The lines of the follow-up for a course: each annotated with the day it was completed,
    whether it was started, and the day of the invitation."""
    invited = Invitation.objects.filter(user=OuterRef("user_id"), course=course)
    lines = members(scope).annotate(
        completed_at=Subquery(_completed(course).values("completed_at")[:1]),
        started=_started(course),
        invited_at=Subquery(invited.values("invited_at")[:1]),
    )
    if state == COMPLETED:
        lines = lines.filter(completed_at__isnull=False)
    elif state == STARTED:
        lines = lines.filter(completed_at__isnull=True, started=True)
    elif state == NOT_STARTED:
        lines = lines.filter(completed_at__isnull=True, started=False)
    for word in search.split()[:5]:
        lines = lines.filter(
            Q(user__last_name__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return lines.select_related("user", "organisation__commune").order_by(
        "user__last_name", "user__first_name", "user_id", "organisation__name"
    )


def summary(scope: Scope, course: Course) -> dict[str, int]:
    """How many lines, completed, started (not completed): in one query. The conditions are the
    expressions themselves: an aggregate filtered on the annotations of `learners` counted no
    line started (tests/training/test_follow_up.py)."""
    completed, started = Exists(_completed(course)), _started(course)
    return members(scope).aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(completed)),
        started=Count("pk", filter=Q(~completed & started)),
    )


@dataclass(frozen=True)
class Steps:
    lessons: int = 0
    quizzes: int = 0


def steps(users: list[int], version: CourseVersion | None) -> tuple[Steps, dict[int, Steps]]:
    """What the version holds (lessons, quizzes), and what each of these users did of it."""
    if version is None:
        return Steps(), {}
    total = Steps(
        Lesson.objects.filter(module__version=version).count(),
        version.modules.filter(Exists(Question.objects.filter(module=OuterRef("pk")))).count(),
    )
    lessons = dict(
        LessonDone.objects.filter(user_id__in=users, lesson__module__version=version)
        .values_list("user_id")
        .annotate(Count("id"))
        .order_by()
    )
    quizzes = dict(
        QuizAttempt.objects.filter(user_id__in=users, module__version=version, passed=True)
        .values_list("user_id")
        .annotate(Count("module_id", distinct=True))
        .order_by()
    )
    return total, {user: Steps(lessons.get(user, 0), quizzes.get(user, 0)) for user in users}


def state_of(line: Membership) -> str:
    if getattr(line, "completed_at", None):
        return COMPLETED
    return STARTED if getattr(line, "started", False) else NOT_STARTED
