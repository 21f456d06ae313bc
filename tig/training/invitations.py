"""Invitations to the training (docs/regles.md, F6). A new tutor — a member given the role
« tuteur », or named tutor of a post — is invited at once to the courses proposed to new tutors
(national, or of the organisation's département), by a notification and an e-mail; a referent
or an organisation's administrator may invite a member too. The reminder engine reminds each
one every TRAINING_REMINDER_DAYS until the course is completed or the reminders muted."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from tig.accounts.models import User
from tig.core.exceptions import Refused
from tig.notifications.enums import NotificationKind
from tig.notifications.models import MutedKind
from tig.notifications.reminders import Due, Reminder
from tig.notifications.services import notify
from tig.training import perms, progress
from tig.training.enums import VersionStatus
from tig.training.models import Completion, Course, CourseVersion, Invitation


def _online() -> Exists:
    return Exists(CourseVersion.objects.filter(course=OuterRef("pk"), status=VersionStatus.PUBLISHED))


def starter_courses(departements: Iterable[str]) -> list[Course]:
    """The courses proposed to a new tutor of these départements, with a version online."""
    return list(
        Course.objects.filter(for_new_tutors=True)
        .filter(Q(departement__isnull=True) | Q(departement_id__in=list(departements)))
        .filter(_online())
        .order_by("pk")
    )


def invite(user: User, courses: Iterable[Course], by: User | None = None) -> list[Invitation]:
    """Invite to the courses not already invited to nor completed; notify once for them all."""
    courses = list(courses)
    if not user.is_active or not perms.can_learn(user) or not courses:
        return []
    done = set(
        Completion.objects.filter(user=user, version__course__in=courses).values_list("version__course_id", flat=True)
    )
    known = set(Invitation.objects.filter(user=user, course__in=courses).values_list("course_id", flat=True))
    new = [course for course in courses if course.pk not in done | known]
    made = Invitation.objects.bulk_create(
        [Invitation(user=user, course=course, invited_by=by) for course in new], ignore_conflicts=True
    )
    for course in new:
        notify(
            [user],
            NotificationKind.TRAINING,
            f"Formation en ligne : {course.title}",
            "Vous êtes invité à suivre cette formation sur la plateforme, à votre rythme (lecture, courts quiz). "
            "Une attestation vous est remise à la fin.",
            reverse("training:course", args=[course.slug]),
        )
    return made


def invite_new_tutor(user: User, departement: str | None) -> None:
    """Called when someone becomes a tutor (tig/training/signals.py)."""
    invite(user, starter_courses([departement] if departement else []))


def invite_member(by: User, member: User, course: Course) -> None:
    """A referent or an organisation's administrator invites a member they follow."""
    if not progress.follows(by, member):
        raise Refused("Vous ne suivez pas la formation de cette personne.")
    if not course.versions.filter(status=VersionStatus.PUBLISHED).exists():
        raise Refused("Cette formation n'est pas en ligne.")
    if not invite(member, [course], by=by):
        raise Refused("Cette personne est déjà invitée à cette formation, ou l'a terminée.")


class TrainingReminder(Reminder):
    """Every TRAINING_REMINDER_DAYS after the invitation, until the course is completed (any
    version) or the person mutes the training's notifications."""

    name = "training.invitation"
    kind = NotificationKind.TRAINING

    @property
    def every(self) -> timedelta:  # type: ignore[override]
        return timedelta(days=settings.TRAINING_REMINDER_DAYS)

    def candidates(self, now: datetime) -> Iterable[Due]:
        completed = Completion.objects.filter(user=OuterRef("user_id"), version__course=OuterRef("course_id"))
        muted = MutedKind.objects.filter(user=OuterRef("user_id"), kind=NotificationKind.TRAINING)
        pending = (
            Invitation.objects.filter(user__is_active=True, invited_at__lte=now - self.every)
            .filter(~Exists(completed), ~Exists(muted))
            .filter(Exists(CourseVersion.objects.filter(course=OuterRef("course_id"), status=VersionStatus.PUBLISHED)))
            .select_related("user", "course")
            .order_by("pk")
        )
        for invitation in pending:
            yield Due(
                key=f"invitation:{invitation.pk}",
                title=f"Rappel : la formation « {invitation.course.title} » vous attend",
                body="Vous pouvez la reprendre où vous l'avez laissée. Ce rappel s'arrête dès la formation terminée, "
                "ou si vous désactivez les notifications de la formation en ligne.",
                url=reverse("training:course", args=[invitation.course.slug]),
                users=(invitation.user,),
            )
