"""Following the training (docs/regles.md, F8): the agency sees the tutors of France, a referent
those of their départements, an organisation's administrator its own members — one line per
person and organisation, with where they stand in a course. Every line's id and state are read in
one pass (the counts come from it), then the page shown with its details: a constant number of
queries whatever the length of the list (bench/training.py)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery

from tig.accounts.models import User
from tig.organisations.models import Membership
from tig.organisations.perms import administered_organisations
from tig.posts.tutors import tutor_memberships
from tig.training import learning
from tig.training.enums import VersionStatus
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


def followed_courses(user: User) -> QuerySet[Course]:
    """The courses online whose progress the user follows: the national ones and those of the
    départements they follow (all for the agency)."""
    online = Exists(CourseVersion.objects.filter(course=OuterRef("pk"), status=VersionStatus.PUBLISHED))
    courses = Course.objects.filter(online).order_by("-for_new_tutors", "title")
    codes = learning.own_departements(user)
    if codes is None:
        return courses
    return courses.filter(Q(departement__isnull=True) | Q(departement_id__in=codes))


def members(scope: Scope) -> QuerySet[Membership]:
    if scope.organisations is not None:
        return Membership.objects.filter(organisation_id__in=scope.organisations, user__is_active=True)
    return tutor_memberships(scope.departements)


def follows(by: User, member: User) -> bool:
    scope = scope_of(by)
    return scope is not None and members(scope).filter(user=member).exists()


@dataclass(frozen=True)
class Parts:
    """The ids of a course's versions and of their lessons: a line's completions and lessons done
    are then read on their own unique indexes (user, version) and (user, lesson), without joins."""

    versions: list[int]
    lessons: list[int]


def parts(course: Course) -> Parts:
    return Parts(
        list(CourseVersion.objects.filter(course=course).values_list("pk", flat=True)),
        list(Lesson.objects.filter(module__version__course=course).values_list("pk", flat=True)),
    )


def _completed(of: Parts) -> QuerySet[Completion]:
    """A line's completions of the course (any version, attestation standing), latest first."""
    return Completion.objects.filter(
        user=OuterRef("user_id"), version_id__in=of.versions, revoked_at__isnull=True
    ).order_by("-completed_at")


def _started(of: Parts) -> Exists:
    return Exists(LessonDone.objects.filter(user=OuterRef("user_id"), lesson_id__in=of.lessons))


def _conditions(of: Parts) -> tuple[Q, Q]:
    """(completed, started) of a line, as conditions on its user: each a set of users read once
    (not a lookup per line), which keeps the counts and the filters of 5,000 lines fast."""
    completed = Completion.objects.filter(version_id__in=of.versions, revoked_at__isnull=True).values("user_id")
    started = LessonDone.objects.filter(lesson_id__in=of.lessons).values("user_id")
    return Q(user_id__in=completed), Q(user_id__in=started)


def _search(lines: QuerySet[Membership], search: str) -> QuerySet[Membership]:
    for word in search.split()[:5]:
        lines = lines.filter(
            Q(user__last_name__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return lines


def learners(scope: Scope, course: Course, search: str = "", of: Parts | None = None) -> list[tuple[int, str]]:
    """Every line of the follow-up for a course (of a search), in the order of the names: its id
    and its state. One pass, three small columns a line; the page shown is then read with
    `lines`, and the counts of each state come from the same pass (`summary`)."""
    completed, started = _conditions(of or parts(course))
    found = (
        _search(members(scope), search)
        .annotate(
            done=ExpressionWrapper(completed, output_field=BooleanField()),
            begun=ExpressionWrapper(started, output_field=BooleanField()),
        )
        .order_by("user__last_name", "user__first_name", "user_id", "organisation__name")
        .values_list("pk", "done", "begun")
    )
    return [(pk, COMPLETED if done else STARTED if begun else NOT_STARTED) for pk, done, begun in found]


def summary(found: list[tuple[int, str]]) -> dict[str, int]:
    """How many lines, completed, started (not completed)."""
    states = Counter(state for _pk, state in found)
    return {"total": len(found), "completed": states[COMPLETED], "started": states[STARTED]}


def in_state(found: list[tuple[int, str]], state: str) -> list[int]:
    """The ids of the lines in a state (every line when none is asked)."""
    return [pk for pk, line_state in found if not state or line_state == state]


def lines(ids: list[int], course: Course, of: Parts | None = None) -> list[Membership]:
    """A page of the follow-up, in the order of `ids`: each line with the day the course was
    completed (any version, attestation standing), whether it was started, the day of the
    invitation."""
    of = of or parts(course)
    invited = Invitation.objects.filter(user=OuterRef("user_id"), course=course)
    found = Membership.objects.filter(pk__in=ids).annotate(
        completed_at=Subquery(_completed(of).values("completed_at")[:1]),
        started=_started(of),
        invited_at=Subquery(invited.values("invited_at")[:1]),
    )
    by_pk = {line.pk: line for line in found.select_related("user", "organisation__commune")}
    return [by_pk[pk] for pk in ids if pk in by_pk]


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
