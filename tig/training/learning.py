"""What a learner reads and has done in a version of a course, in a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from tig.accounts.models import User
from tig.training.enums import VersionStatus
from tig.training.models import Completion, CourseVersion, Lesson, LessonDone, Module, QuizAttempt


def published_versions() -> QuerySet[CourseVersion]:
    return CourseVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("course")


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
