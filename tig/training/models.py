"""The training area for host staff (docs/regles.md, F1–F3): courses in versions, each version
made of modules, each module of lessons and a short quiz; what each learner has done. A learner's
completion belongs to the version they followed: publishing a new version keeps it."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tig.habilitations.models import private_storage
from tig.territories.models import Departement
from tig.training.enums import MediaKind, VersionStatus


class Course(models.Model):
    slug = models.SlugField("adresse", max_length=80, unique=True)
    title = models.CharField("intitulé", max_length=200)
    summary = models.TextField("présentation")
    # None: a national course, for every host; otherwise written by the referents of one
    # département for its hosts (docs/regles.md, F5).
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The course every new tutor is invited to (F6).
    for_new_tutors = models.BooleanField("proposée à chaque nouveau tuteur", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "formation"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CourseVersion(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("version")
    status = models.CharField("état", max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    # The review (F5): who asked for it, and what the reviewer answered when sending it back.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField("remarques de relecture", blank=True)

    class Meta:
        verbose_name = "version d'une formation"
        ordering = ["course", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_version_unique"),
            models.UniqueConstraint(
                fields=["course"], condition=Q(status=VersionStatus.PUBLISHED), name="course_one_published_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} (version {self.number})"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_in_review(self) -> bool:
        return self.status == VersionStatus.REVIEW


class Module(models.Model):
    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField("ordre")
    title = models.CharField("intitulé", max_length=200)
    pass_score = models.PositiveSmallIntegerField(
        "score pour réussir le quiz (%)", default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = "module"
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="module_position_unique")]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField("ordre")
    title = models.CharField("intitulé", max_length=200)
    # Plain text: « ## » starts a heading, « - » an item of a list, a blank line a paragraph
    # (tig/training/markup.py).
    body = models.TextField("contenu")
    minutes = models.PositiveSmallIntegerField("durée (minutes)", default=5)

    class Meta:
        verbose_name = "leçon"
        ordering = ["module", "position"]
        constraints = [models.UniqueConstraint(fields=["module", "position"], name="lesson_position_unique")]

    def __str__(self) -> str:
        return self.title


def media_path(instance: "Media", filename: str) -> str:
    return f"formation/{timezone.now():%Y/%m}/{filename}"


class Media(models.Model):
    """An image, a video, a sound or a document shown in a lesson (F7). Its files are stored with
    the other documents (private storage, served to the learners only); a new version of the
    course shares them with the old one, so a file is deleted only when no lesson shows it."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="media")
    position = models.PositiveSmallIntegerField("ordre")
    kind = models.CharField("type", max_length=16, choices=MediaKind.choices)
    title = models.CharField("titre", max_length=200)
    file = models.FileField("fichier", storage=private_storage, upload_to=media_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    original_name = models.CharField("nom du fichier", max_length=120)
    # An image: what it shows, for those who do not see it (empty only for a decorative image,
    # which a lesson does not need).
    alt = models.CharField("texte de remplacement", max_length=300, blank=True)
    # A video or a sound: its captions (WebVTT) and its full transcript.
    captions = models.FileField(
        "sous-titres (WebVTT)", storage=private_storage, upload_to=media_path, max_length=200, blank=True
    )
    transcript = models.TextField("transcription", blank=True)

    class Meta:
        verbose_name = "média d'une leçon"
        verbose_name_plural = "médias des leçons"
        ordering = ["lesson", "position"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.kind == MediaKind.IMAGE

    @property
    def is_video(self) -> bool:
        return self.kind == MediaKind.VIDEO

    @property
    def is_audio(self) -> bool:
        return self.kind == MediaKind.AUDIO


class NationalAuthor(models.Model):
    """A referent the agency allows to write the national courses too (F5)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_author")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "rédacteur des formations nationales"
        verbose_name_plural = "rédacteurs des formations nationales"

    def __str__(self) -> str:
        return str(self.user)


class Invitation(models.Model):
    """A learner invited to a course (F6): a new tutor to the starter course, at once, or anyone
    by a referent or an administrator of their organisation. Reminded until the course is done
    or the reminders muted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_invitations")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="invitations")
    invited_at = models.DateTimeField("invité le", default=timezone.now)
    invited_by = models.ForeignKey(  # None: invited by the platform, as a new tutor
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "invitation à une formation"
        verbose_name_plural = "invitations aux formations"
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="training_invitation_once")]

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"


class Question(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("ordre")
    text = models.CharField("question", max_length=300)
    explanation = models.TextField("explication, montrée après la réponse")

    class Meta:
        verbose_name = "question"
        ordering = ["module", "position"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField("ordre")
    text = models.CharField("réponse", max_length=300)
    correct = models.BooleanField("juste", default=False)

    class Meta:
        verbose_name = "réponse proposée"
        verbose_name_plural = "réponses proposées"
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text


class LessonDone(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lessons_done")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "leçon suivie"
        verbose_name_plural = "leçons suivies"
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="lesson_done_once")]

    def __str__(self) -> str:
        return f"{self.user} — {self.lesson}"


class QuizAttempt(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField("score (%)")
    passed = models.BooleanField("réussi")
    answers = models.JSONField("réponses", default=dict)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "réponse à un quiz"
        verbose_name_plural = "réponses aux quiz"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} — {self.module} : {self.score} %"


def completion_code() -> str:
    return secrets.token_hex(6).upper()


class Completion(models.Model):
    """A version followed to its end: every lesson done, every quiz passed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions")
    version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)
    code = models.CharField("code de vérification", max_length=12, unique=True, default=completion_code)
    # Withdrawn by the agency (obtained by mistake or fraud): its code then says so.
    revoked_at = models.DateTimeField("retirée le", null=True, blank=True)
    revoked_reason = models.CharField("motif du retrait", max_length=255, blank=True)

    class Meta:
        verbose_name = "formation terminée"
        verbose_name_plural = "formations terminées"
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="completion_once")]

    def __str__(self) -> str:
        return f"{self.user} — {self.version}"
