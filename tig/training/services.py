"""The training's steps (docs/regles.md, F1–F7). A learner's: a lesson marked done, a quiz
answered; when the last lesson is done and the last quiz passed, the version is completed, once.
An author's: a course written, reviewed and published by versions, with its media. (Invitations
are in invitations.py, withdrawing an attestation in attestation.py.)"""

import secrets
from collections.abc import Mapping
from typing import Any

from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tig.accounts.enums import Role
from tig.accounts.models import User, departement_referents
from tig.core.exceptions import Refused
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify
from tig.training import authoring, learning, media, perms, scoring
from tig.training.enums import MediaKind, VersionStatus
from tig.training.models import (
    Choice,
    Completion,
    Course,
    CourseVersion,
    Lesson,
    LessonDone,
    Media,
    Module,
    NationalAuthor,
    Question,
    QuizAttempt,
)


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


# Authoring (docs/regles.md, F5): a course is written in a draft version, sent for review,
# published by another author; a new version starts as a copy of the last one. Only a draft
# is changed, and each step locks its version.


def _author(user: User, course: Course) -> None:
    if not authoring.may_author(user, course):
        raise Refused("Vous ne pouvez pas rédiger cette formation.")


def _draft(user: User, version: CourseVersion) -> CourseVersion:
    """The version, locked, when the user may change it."""
    _author(user, version.course)
    locked = CourseVersion.objects.select_for_update().select_related("course").get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise Refused("Seul un brouillon se modifie : cette version est " + locked.get_status_display().lower() + ".")
    return locked


# Addresses of the training area that a course's address must not take (tig/training/urls.py).
RESERVED_SLUGS = {"verification", "attestations", "retrait-d-attestation", "suivi", "medias", "redaction"}


def _slug(title: str) -> str:
    base = slugify(title)[:70] or "formation"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Course.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_course(user: User, title: str, summary: str, departement: str | None) -> CourseVersion:
    national = departement is None and authoring.is_national_author(user)
    if not perms.can_author(user, departement, national_author=national):
        raise Refused("Vous ne pouvez pas rédiger une formation pour ce territoire.")
    with transaction.atomic():
        course = Course.objects.create(slug=_slug(title), title=title, summary=summary, departement_id=departement)
        return CourseVersion.objects.create(course=course, number=1)


def update_course(user: User, course: Course, title: str, summary: str) -> None:
    _author(user, course)
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        course.title, course.summary = title, summary
        course.save(update_fields=["title", "summary"])


def new_version(user: User, course: Course) -> CourseVersion:
    """A draft copied from the course's last version (its files shared, not copied)."""
    _author(user, course)
    with transaction.atomic():
        Course.objects.select_for_update().get(pk=course.pk)
        if authoring.current_work(course) is not None:
            raise Refused("Une version est déjà en cours de rédaction ou de relecture.")
        last = course.versions.order_by("-number").first()
        draft = CourseVersion.objects.create(course=course, number=(last.number + 1) if last else 1)
        if last is not None:
            _copy(last, draft)
        return draft


def _copy(source: CourseVersion, target: CourseVersion) -> None:
    for module in authoring.outline(source):
        lessons, questions = list(module.lessons.all()), list(module.questions.all())
        module.pk, module.version = None, target
        module.save()
        for lesson in lessons:
            media = list(lesson.media.all())
            lesson.pk, lesson.module = None, module
            lesson.save()
            for item in media:
                item.pk, item.lesson = None, lesson
            Media.objects.bulk_create(media)
        for question in questions:
            choices = list(question.choices.all())
            question.pk, question.module = None, module
            question.save()
            for choice in choices:
                choice.pk, choice.question = None, question
            Choice.objects.bulk_create(choices)


def _next_position(items: QuerySet[Any]) -> int:
    return (items.aggregate(last=Max("position"))["last"] or 0) + 1


def save_module(user: User, version: CourseVersion, module: Module | None, title: str, pass_score: int) -> Module:
    with transaction.atomic():
        version = _draft(user, version)
        if module is None:
            module = Module(version=version, position=_next_position(version.modules.all()))
        elif module.version_id != version.pk:
            raise Refused("Ce module appartient à une autre version.")
        module.title, module.pass_score = title, pass_score
        module.save()
        return module


def save_lesson(user: User, module: Module, lesson: Lesson | None, title: str, minutes: int, body: str) -> Lesson:
    with transaction.atomic():
        _draft(user, module.version)
        if lesson is None:
            lesson = Lesson(module=module, position=_next_position(module.lessons.all()))
        lesson.title, lesson.minutes, lesson.body = title, minutes, body
        lesson.save()
        return lesson


def save_question(
    user: User, module: Module, question: Question | None, text: str, explanation: str, choices: list[tuple[str, bool]]
) -> Question:
    if len(choices) < 2 or not any(right for _text, right in choices):
        raise Refused("Une question a au moins deux réponses, dont au moins une juste.")
    with transaction.atomic():
        _draft(user, module.version)
        if question is None:
            question = Question(module=module, position=_next_position(module.questions.all()))
        question.text, question.explanation = text, explanation
        question.save()
        question.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(question=question, position=position, text=answer, correct=right)
            for position, (answer, right) in enumerate(choices, start=1)
        )
        return question


def add_media(
    user: User,
    lesson: Lesson,
    kind: str,
    title: str,
    upload: Any,
    alt: str = "",
    captions: Any = None,
    transcript: str = "",
) -> Media:
    """A file shown in a lesson; the form checked its type and size (training.media)."""
    if kind == MediaKind.IMAGE and not alt.strip():
        raise Refused("Décrivez l'image dans son texte de remplacement.")
    if kind in (MediaKind.VIDEO, MediaKind.AUDIO) and (captions is None or not transcript.strip()):
        raise Refused("Une vidéo ou un son s'accompagne de ses sous-titres (WebVTT) et de sa transcription.")
    _author(user, lesson.module.version.course)
    content_type, extension = media.validate(kind, upload)
    if captions is not None:
        media.validate_captions(captions)
    with transaction.atomic():
        _draft(user, lesson.module.version)
        item = Media(
            lesson=lesson,
            position=_next_position(lesson.media.all()),
            kind=kind,
            title=title,
            content_type=content_type,
            size=upload.size,
            original_name=media.display_name(upload.name, extension),
            alt=alt.strip() if kind == MediaKind.IMAGE else "",
            transcript=transcript.strip(),
        )
        item.file.save(f"{secrets.token_hex(16)}{extension}", upload, save=False)
        stored = [item.file.name or ""]
        if captions is not None:
            item.captions.save(f"{secrets.token_hex(16)}.vtt", captions, save=False)
            stored.append(item.captions.name or "")
        storage = item.file.storage
        try:
            item.save()
        except Exception:
            for name in stored:
                storage.delete(name)
            raise
        return item


Part = Module | Lesson | Question | Media


def _version_of(item: Part) -> CourseVersion:
    if isinstance(item, Module):
        return item.version
    if isinstance(item, Media):
        return item.lesson.module.version
    return item.module.version


def _siblings(item: Part) -> QuerySet[Any]:
    """The parts beside it, in their order: the modules of its version, the lessons or the
    questions of its module, the media of its lesson."""
    if isinstance(item, Module):
        return Module.objects.filter(version_id=item.version_id)
    if isinstance(item, Media):
        return Media.objects.filter(lesson_id=item.lesson_id)
    return type(item)._default_manager.filter(module_id=item.module_id)


def move(user: User, item: Part, up: bool) -> None:
    """A part of a draft exchanges its place with the one before it (or after it)."""
    with transaction.atomic():
        _draft(user, _version_of(item))
        siblings = list(_siblings(item).select_for_update().order_by("position"))
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            raise Refused("C'est déjà le premier." if up else "C'est déjà le dernier.")
        first, second = siblings[index], siblings[other]
        places = first.position, second.position
        first.position = 0  # out of the way of the unique order of modules and lessons
        first.save(update_fields=["position"])
        second.position = places[0]
        second.save(update_fields=["position"])
        first.position = places[1]
        first.save(update_fields=["position"])


def abandon(user: User, version: CourseVersion) -> None:
    """A draft given up: the version goes (its files with it when nothing else shows them); the
    course too when it was its only version."""
    with transaction.atomic():
        version = _draft(user, version)
        course = version.course
        files = _files_of(version)
        only = not course.versions.exclude(pk=version.pk).exists()
        version.delete()
        if only:
            course.delete()
        _delete_orphans(files)


def delete_item(user: User, item: Part) -> None:
    """Take a module, a lesson, a question or a file out of a draft. A file is deleted from the
    storage only when no other version shows it."""
    with transaction.atomic():
        _draft(user, _version_of(item))
        files = _files_of(item)
        item.delete()
        _delete_orphans(files)


def _delete_orphans(files: list[str]) -> None:
    """Once the transaction is committed, delete those of the files no media names any more."""
    orphans = [name for name in files if not _file_used(name)]
    if orphans:
        storage = Media._meta.get_field("file").storage
        transaction.on_commit(lambda: _delete_files(storage, orphans))


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _files_of(item: Part | CourseVersion) -> list[str]:
    if isinstance(item, Question):
        return []
    if isinstance(item, CourseVersion):
        found = Media.objects.filter(lesson__module__version=item)
    elif isinstance(item, Media):
        found = Media.objects.filter(pk=item.pk)
    elif isinstance(item, Lesson):
        found = Media.objects.filter(lesson=item)
    else:
        found = Media.objects.filter(lesson__module=item)
    return [name for pair in found.values_list("file", "captions") for name in pair if name]


def _file_used(name: str) -> bool:
    return Media.objects.filter(Q(file=name) | Q(captions=name)).exists()


def submit(user: User, version: CourseVersion) -> None:
    with transaction.atomic():
        version = _draft(user, version)
        outline = authoring.outline(version)
        if not outline or any(not module.lessons.all() for module in outline):
            raise Refused("Chaque module a au moins une leçon, et la formation au moins un module.")
        version.status, version.submitted_by, version.review_note = VersionStatus.REVIEW, user, ""
        version.save(update_fields=["status", "submitted_by", "review_note"])
    _tell_reviewers(version)


def _tell_reviewers(version: CourseVersion) -> None:
    course = version.course
    if course.departement_id is None:
        reviewers = User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True)
    else:
        reviewers = departement_referents(course.departement_id)
    notify(
        [reviewer for reviewer in reviewers if reviewer.pk != version.submitted_by_id],
        NotificationKind.TRAINING_REVIEW,
        f"Formation à relire : {course.title} (version {version.number})",
        "Une version vous attend pour relecture avant sa publication.",
        reverse("training:author_course", args=[course.slug]),
    )


def send_back(user: User, version: CourseVersion, note: str) -> None:
    if not note.strip():
        raise Refused("Dites ce qui est à reprendre.")
    with transaction.atomic():
        version = CourseVersion.objects.select_for_update().select_related("course").get(pk=version.pk)
        if not authoring.may_author(user, version.course):
            raise Refused("Vous ne pouvez pas relire cette formation.")
        if version.status != VersionStatus.REVIEW:
            raise Refused("Cette version n'est pas en relecture.")
        version.status, version.review_note = VersionStatus.DRAFT, note.strip()
        version.save(update_fields=["status", "review_note"])


def publish(user: User, version: CourseVersion) -> None:
    """The version goes online; the one before is replaced, its completions kept (F1)."""
    with transaction.atomic():
        Course.objects.select_for_update().get(pk=version.course_id)
        version = CourseVersion.objects.select_for_update().select_related("course").get(pk=version.pk)
        if version.status != VersionStatus.REVIEW:
            raise Refused("Seule une version relue se publie.")
        if not authoring.may_publish(user, version):
            raise Refused("Une autre personne que celle qui l'a rédigée publie cette version.")
        for previous in version.course.versions.filter(status=VersionStatus.PUBLISHED):
            previous.status = VersionStatus.RETIRED  # saved one by one: each change in the audit log
            previous.save(update_fields=["status"])
        version.status, version.published_at = VersionStatus.PUBLISHED, timezone.now()
        version.save(update_fields=["status", "published_at"])


def grant_national_authoring(user: User, referent: User) -> None:
    if not perms.can_grant_national_authoring(user):
        raise Refused("Seule l'ATIGIP ouvre la rédaction des formations nationales.")
    if not (referent.is_active and referent.is_referent):
        raise Refused("Seul un référent territorial peut rédiger les formations nationales.")
    NationalAuthor.objects.get_or_create(user=referent, defaults={"granted_by": user})


def withdraw_national_authoring(user: User, referent: User) -> None:
    if not perms.can_grant_national_authoring(user):
        raise Refused("Seule l'ATIGIP ouvre la rédaction des formations nationales.")
    NationalAuthor.objects.filter(user=referent).delete()
