"""A course of one's own for the tests: a version with modules of lessons and one question each."""

from django.utils import timezone

from tests.territories import factories as territories
from tig.training import learning, services
from tig.training.enums import VersionStatus
from tig.training.models import Choice, Course, CourseVersion, Lesson, Module, Question


def finish(user, version: CourseVersion) -> None:
    """Every lesson of the version read, every quiz passed: the version completed."""
    for module in learning.modules(version):
        for lesson in module.lessons.all():
            services.lesson_done(user, lesson)
        answers = {q.pk: frozenset(c.pk for c in q.choices.all() if c.correct) for q in module.questions.all()}
        services.answer_quiz(user, module, answers)


def course_version(
    slug: str = "une-formation",
    *,
    departement: str | None = None,
    status: str = VersionStatus.PUBLISHED,
    modules: int = 2,
    for_new_tutors: bool = False,
) -> CourseVersion:
    if departement is not None:
        territories.departement(departement)
    course = Course.objects.create(
        slug=slug,
        title=f"Formation {slug}",
        summary="Pour les tests.",
        departement_id=departement,
        for_new_tutors=for_new_tutors,
    )
    version = CourseVersion.objects.create(
        course=course,
        number=1,
        status=status,
        published_at=timezone.now() if status == VersionStatus.PUBLISHED else None,
    )
    for position in range(1, modules + 1):
        module = Module.objects.create(version=version, position=position, title=f"Module {position}")
        Lesson.objects.create(module=module, position=1, title=f"Leçon {position}", body="Un paragraphe.")
        question = Question.objects.create(module=module, position=1, text="Vrai ?", explanation="Oui.")
        Choice.objects.create(question=question, position=1, text="Oui", correct=True)
        Choice.objects.create(question=question, position=2, text="Non", correct=False)
    return version
