"""What an author reads (docs/regles.md, F5): the courses they may write, a version with
everything in it, whether the agency allowed a referent to write the national courses."""

from django.db.models import Prefetch, Q, QuerySet

from tig.accounts.models import User
from tig.training import perms
from tig.training.enums import VersionStatus
from tig.training.models import Choice, Course, CourseVersion, Lesson, Media, Module, NationalAuthor, Question


def is_national_author(user: User) -> bool:
    return user.is_referent and NationalAuthor.objects.filter(user=user).exists()


def authored_courses(user: User) -> QuerySet[Course]:
    """The courses the user may write (none for those who may not write)."""
    courses = Course.objects.select_related("departement").order_by("departement_id", "title")
    if user.is_active and user.is_national_admin:
        return courses
    if not (user.is_active and user.is_referent):
        return courses.none()
    scope = Q(departement_id__in=list(user.referent_departement_codes))
    if is_national_author(user):
        scope |= Q(departement__isnull=True)
    return courses.filter(scope)


def may_author(user: User, course: Course) -> bool:
    national = course.departement_id is None and is_national_author(user)
    return perms.can_author(user, course.departement_id, national_author=national)


def may_publish(user: User, version: CourseVersion) -> bool:
    course = version.course
    national = course.departement_id is None and is_national_author(user)
    return perms.can_publish(user, course.departement_id, version.submitted_by_id, national_author=national)


def outline(version: CourseVersion) -> list[Module]:
    """The version's modules with their lessons (and media) and questions (and choices)."""
    return list(
        version.modules.prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.prefetch_related(Prefetch("media", Media.objects.all()))),
            Prefetch(
                "questions", queryset=Question.objects.prefetch_related(Prefetch("choices", Choice.objects.all()))
            ),
        ).order_by("position")
    )


def current_work(course: Course) -> CourseVersion | None:
    """The version being written or reviewed, if any (one at a time)."""
    return course.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.REVIEW]).first()
