"""The tutors, read from what the platform already holds (docs/regles.md, P16): a tutor is a
member of a host organisation with the role « tuteur », or any member named tutor of one of its
posts. The directory lists them for the referents; the record counts what a tutor did in each
organisation — people hosted and hours supervised, counts only, while the measures module is on —
and the events followed."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from tig.accounts.models import User
from tig.measures.models import Attendance, Placement
from tig.network.enums import EventKind
from tig.network.models import Participation
from tig.organisations.models import Membership, Organisation
from tig.posts.models import Post
from tig.posts.tutors import tutor_memberships
from tig.training.learning import completed
from tig.training.models import Completion


def directory(codes: list[str] | None) -> QuerySet[Membership]:
    """One line per tutor and organisation, in these départements (None: France)."""
    return tutor_memberships(codes).select_related("user", "organisation__commune")


@dataclass
class Counts:
    posts: int = 0
    trainings: int = 0


def directory_counts(lines: Sequence[Membership]) -> dict[tuple[int, int], Counts]:
    """{(user, organisation): the posts they tutor there, the trainings they followed}, for a page
    of the directory, in two grouped queries."""
    users = {line.user_id for line in lines}
    counts: dict[tuple[int, int], Counts] = defaultdict(Counts)
    tutored = (
        Post.tutors.through.objects.filter(user_id__in=users)
        .values_list("user_id", "post__organisation_id")
        .annotate(Count("id"))
        .order_by()
    )
    for user, organisation, count in tutored:
        counts[user, organisation].posts = count
    trainings = dict(
        Participation.objects.filter(user_id__in=users, attended=True, event__kind=EventKind.TRAINING)
        .values_list("user_id")
        .annotate(Count("id"))
        .order_by()
    )
    courses = dict(completed().filter(user_id__in=users).values_list("user_id").annotate(Count("id")).order_by())
    for line in lines:
        counts[line.user_id, line.organisation_id].trainings = trainings.get(line.user_id, 0) + courses.get(
            line.user_id, 0
        )
    return counts


@dataclass
class Tutoring:
    """What a tutor did in one organisation."""

    organisation: Organisation
    since: date
    role_label: str
    posts: list[str] = field(default_factory=list)
    persons: int | None = None  # None: the measures module is off
    hours: Decimal | None = None


@dataclass
class Record:
    tutor: User
    tutorings: list[Tutoring]
    events: list[Participation]
    courses: list[Completion]  # the platform's courses completed (not withdrawn)

    @property
    def trainings(self) -> int:
        events = sum(1 for participation in self.events if participation.event.kind == EventKind.TRAINING)
        return events + len(self.courses)

    @property
    def persons(self) -> int | None:
        values = [tutoring.persons for tutoring in self.tutorings if tutoring.persons is not None]
        return sum(values) if values else None

    @property
    def hours(self) -> Decimal | None:
        values = [tutoring.hours for tutoring in self.tutorings if tutoring.hours is not None]
        return sum(values, Decimal(0)) if values else None


def places(user: User) -> dict[int, str]:
    """{organisation: département} of a host member's organisations."""
    return dict(user.memberships.values_list("organisation_id", "organisation__commune__departement_id"))


def record(tutor: User) -> Record:
    memberships = list(tutor.memberships.select_related("organisation__commune").order_by("created_at"))
    tutorings = {
        membership.organisation_id: Tutoring(
            membership.organisation, timezone.localtime(membership.created_at).date(), membership.get_role_display()
        )
        for membership in memberships
    }
    for organisation, title in Post.objects.filter(tutors=tutor, organisation_id__in=tutorings).values_list(
        "organisation_id", "title"
    ):
        tutorings[organisation].posts.append(title)
    if settings.MEASURES_ENABLED:
        _count_hosting(tutor, tutorings)
    events = list(
        Participation.objects.filter(user=tutor, attended=True).select_related("event").order_by("-event__starts_at")
    )
    courses = list(completed().filter(user=tutor).select_related("version__course").order_by("-completed_at"))
    return Record(tutor, list(tutorings.values()), events, courses)


def _count_hosting(tutor: User, tutorings: dict[int, Tutoring]) -> None:
    """Persons hosted (distinct measures) and validated hours, on the placements the tutor
    welcomed or on the posts they tutor, per organisation."""
    placements = list(
        Placement.objects.filter(post__organisation_id__in=tutorings)
        .filter(Q(tutor=tutor) | Q(post__tutors=tutor))
        .values_list("pk", "post__organisation_id", "measure_id")
        .distinct()
    )
    persons: dict[int, set[int]] = defaultdict(set)
    organisation_of = {}
    for pk, organisation, measure in placements:
        persons[organisation].add(measure)
        organisation_of[pk] = organisation
    hours: dict[int, Decimal] = defaultdict(Decimal)
    validated = (
        Attendance.objects.filter(
            placement_id__in=list(organisation_of), validated_at__isnull=False, set_aside_at__isnull=True
        )
        .values_list("placement_id")
        .annotate(Sum("hours"))
        .order_by()
    )
    for placement, total in validated:
        hours[organisation_of[placement]] += total or Decimal(0)
    for organisation, tutoring in tutorings.items():
        tutoring.persons = len(persons[organisation])
        tutoring.hours = hours[organisation]
