"""What a learner reads and has done in a version of a course, in a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from tig.accounts.models import User
from tig.training.enums import VersionStatus
from tig.training.models import Completion, CourseVersion, Lesson, LessonDone, Module, QuizAttempt


def published_versions() -> QuerySet[CourseVersion]:
    return CourseVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("course")


def own_departements(user: User) -> list[str] | None:
    """The départements whose courses a learner follows besides the national ones: a referent's,
    a host member's organisations'; None for the agency (all of them)."""
    if user.is_national_admin:
        return None
    if user.is_referent:
        return sorted(user.referent_departement_codes)
    return sorted(
        {code for code in user.memberships.values_list("organisation__commune__departement_id", flat=True) if code}
    )


def visible_versions(user: User) -> QuerySet[CourseVersion]:
    """The versions online that this learner follows (docs/regles.md, F5)."""
    versions = published_versions()
    codes = own_departements(user)
    if codes is None:
        return versions
    return versions.filter(Q(course__departement__isnull=True) | Q(course__departement_id__in=codes))


def completed() -> QuerySet[Completion]:
    """The courses completed whose attestation stands (not withdrawn by the agency)."""
    return Completion.objects.filter(revoked_at__isnull=True)


def modules(version: CourseVersion) -> list[Module]:
    """The version's modules, each with its lessons (in order) and its questions' count."""
    return list(
        version.modules.annotate(question_count=Count("questions"))
        .prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.only("pk", "module_id", "position", "title", "minutes"))
        )
        .order_by("position")
    )


@dataclass
class State:
    done: set[int]  # lessons
    passed: set[int]  # modules whose quiz is passed
    completion: Completion | None

    def module_finished(self, module: Module) -> bool:
        lessons = {lesson.pk for lesson in module.lessons.all()}
        quiz = getattr(module, "question_count", 1) > 0
        return lessons <= self.done and (not quiz or module.pk in self.passed)


def state(user: User, version: CourseVersion) -> State:
    done = set(
        LessonDone.objects.filter(user=user, lesson__module__version=version).values_list("lesson_id", flat=True)
    )
    passed = set(
        QuizAttempt.objects.filter(user=user, module__version=version, passed=True).values_list("module_id", flat=True)
    )
    completion = Completion.objects.filter(user=user, version=version).first()
    return State(done, passed, completion)


@dataclass(frozen=True)
class Row:
    """A course online, as the list of courses shows it to a learner."""

    version: CourseVersion
    modules: int
    lessons: int
    done: int
    completion: Completion | None


def overview(user: User, versions: list[CourseVersion]) -> list[Row]:
    """The learner's courses with their size and progress, in four queries whatever their number."""
    ids = [version.pk for version in versions]
    modules = dict(Module.objects.filter(version_id__in=ids).values_list("version_id").annotate(Count("id")).order_by())
    lessons = dict(
        Lesson.objects.filter(module__version_id__in=ids)
        .values_list("module__version_id")
        .annotate(Count("id"))
        .order_by()
    )
    done = dict(
        LessonDone.objects.filter(user=user, lesson__module__version_id__in=ids)
        .values_list("lesson__module__version_id")
        .annotate(Count("id"))
        .order_by()
    )
    completions = {c.version_id: c for c in Completion.objects.filter(user=user, version_id__in=ids)}
    return [
        Row(v, modules.get(v.pk, 0), lessons.get(v.pk, 0), done.get(v.pk, 0), completions.get(v.pk)) for v in versions
    ]
