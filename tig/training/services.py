"""A learner's steps (docs/regles.md, F1–F2): a lesson marked done, a quiz answered. When the last
lesson is done and the last quiz passed, the version is completed, once."""

from collections.abc import Mapping

from django.db import IntegrityError, transaction

from tig.accounts.models import User
from tig.core.exceptions import Refused
from tig.training import learning, perms, scoring
from tig.training.enums import VersionStatus
from tig.training.models import Completion, CourseVersion, Lesson, LessonDone, Module, QuizAttempt


def _check(user: User, version: CourseVersion) -> None:
    if not perms.can_learn(user):
        raise Refused("La formation est réservée aux structures d'accueil et aux référents.")
    if version.status != VersionStatus.PUBLISHED:
        raise Refused("Cette version de la formation n'est plus en ligne.")


def lesson_done(user: User, lesson: Lesson) -> None:
    version = lesson.module.version
    _check(user, version)
    with transaction.atomic():
        try:
            with transaction.atomic():
                LessonDone.objects.create(user=user, lesson=lesson)
        except IntegrityError:
            return  # already done
        _complete_if_finished(user, version)


def answer_quiz(user: User, module: Module, answers: Mapping[int, frozenset[int]]) -> scoring.Result:
    version = module.version
    _check(user, version)
    questions = list(module.questions.prefetch_related("choices"))
    if not questions:
        raise Refused("Ce module n'a pas de quiz.")
    correct = {q.pk: frozenset(c.pk for c in q.choices.all() if c.correct) for q in questions}
    known = {q.pk: {c.pk for c in q.choices.all()} for q in questions}
    for question, choices in answers.items():
        if question not in known or not choices <= known[question]:
            raise Refused("Une réponse ne correspond pas à ce quiz : rechargez la page.")
    result = scoring.score(correct, answers, module.pass_score)
    with transaction.atomic():
        QuizAttempt.objects.create(
            user=user,
            module=module,
            score=result.score,
            passed=result.passed,
            answers={str(question): sorted(choices) for question, choices in answers.items()},
        )
        if result.passed:
            _complete_if_finished(user, version)
    return result


def _complete_if_finished(user: User, version: CourseVersion) -> None:
    state = learning.state(user, version)
    if state.completion is None and all(state.module_finished(module) for module in learning.modules(version)):
        Completion.objects.get_or_create(user=user, version=version)
