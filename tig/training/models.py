"""The training area for host staff (docs/regles.md, F1–F3): courses in versions, each version
made of modules, each module of lessons and a short quiz; what each learner has done. A learner's
completion belongs to the version they followed: publishing a new version keeps it."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from tig.training.enums import VersionStatus


class Course(models.Model):
    slug = models.SlugField("adresse", max_length=80, unique=True)
    title = models.CharField("intitulé", max_length=200)
    summary = models.TextField("présentation")

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
