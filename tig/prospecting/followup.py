"""What a referent has to chase in their départements (docs/regles.md, P9), defined once for the
weekly digest (tig/prospecting/reminders.py) and the page « À relancer »:

- the open targets whose next step is overdue;
- the targets in progress left untouched for PROSPECTING_UNTOUCHED_DAYS;
- the invitations to sign up left unanswered for PROSPECTING_INVITATION_WAIT_DAYS;
- the hosts to prospect again: an organisation once had a post registered and has none in
  search now, or (while the measures module is on) has hosted nobody for HOST_IDLE_MONTHS although its
  posts have been in search that long;
- the registered posts about to leave search for want of a confirmation by their host."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from tig.core.dates import add_months
from tig.measures.models import Placement
from tig.organisations.models import Organisation
from tig.posts import freshness
from tig.posts.enums import PostStatus, Registration
from tig.posts.models import Post
from tig.prospecting.enums import OPEN_STAGES, Stage
from tig.prospecting.models import Target, TargetQuerySet


def _targets(codes: list[str] | None, referent_id: int | None) -> TargetQuerySet:
    """The open targets of the départements (None: France); with a referent, those in their
    charge or in nobody's."""
    targets = Target.objects.in_departements(codes).filter(stage__in=OPEN_STAGES)
    if referent_id is not None:
        targets = targets.filter(Q(assigned_to_id=referent_id) | Q(assigned_to__isnull=True))
    return targets


def overdue(codes: list[str] | None, referent_id: int | None = None, today: date | None = None) -> QuerySet[Target]:
    return _targets(codes, referent_id).overdue(today)


def untouched(codes: list[str] | None, referent_id: int | None = None, now: datetime | None = None) -> QuerySet[Target]:
    """In progress (taken in charge or past « à contacter ») and left alone: the register's
    targets nobody has started are not « untouched »."""
    before = (now or timezone.now()) - timedelta(days=settings.PROSPECTING_UNTOUCHED_DAYS)
    started = ~Q(stage=Stage.TO_CONTACT) | Q(assigned_to__isnull=False)
    return (
        _targets(codes, referent_id)
        .filter(started)
        .filter(Q(last_activity_at__lt=before) | Q(last_activity_at__isnull=True, created_at__lt=before))
    )


def unanswered(
    codes: list[str] | None, referent_id: int | None = None, now: datetime | None = None
) -> QuerySet[Target]:
    before = (now or timezone.now()) - timedelta(days=settings.PROSPECTING_INVITATION_WAIT_DAYS)
    return _targets(codes, referent_id).filter(organisation__isnull=True, invited_at__lt=before)


@dataclass(frozen=True)
class IdleHost:
    organisation: Organisation
    listed: bool  # False: no post in search; True: in search, nobody hosted for months
    last_placement_at: datetime | None


def idle_host_ids(codes: list[str] | None, today: date | None = None) -> dict[int, tuple[bool, datetime | None]]:
    """{organisation id: (has a post in search, last placement)} of the hosts to prospect again,
    from the posts grouped by organisation and, while the measures are on, the last placement of
    each (two grouped queries, whatever the number of organisations)."""
    cutoff = add_months(today or timezone.localdate(), -settings.HOST_IDLE_MONTHS)
    posts = Post.objects.filter(registration__in=[Registration.REGISTERED, Registration.RADIATED])
    if codes is not None:
        posts = posts.filter(organisation__commune__departement_id__in=codes)
    # The first day in search of an organisation's posts: their registration, else their creation
    # (a date read in Python: SQLite converts each row's time zone in Python, a second at 100,000).
    in_search = Q(listed=True)
    per_host = (
        posts.order_by()
        .values("organisation")
        .annotate(
            listed_posts=Count("id", filter=in_search),
            first_registered=Min("registered_on", filter=in_search),
            first_created=Min("created_at", filter=in_search),
        )
        .values_list("organisation", "listed_posts", "first_registered", "first_created")
    )
    idle: dict[int, tuple[bool, datetime | None]] = {}
    long_listed = set()
    for organisation_id, listed_posts, first_registered, first_created in per_host:
        if not listed_posts:
            idle[organisation_id] = (False, None)
        elif settings.MEASURES_ENABLED:
            since = first_registered or timezone.localtime(first_created).date()
            if since < cutoff:
                long_listed.add(organisation_id)
    if long_listed:
        placements = Placement.objects.filter(post__in=posts.values("pk")).order_by()
        last = dict(
            placements.values("post__organisation")
            .annotate(last=Max("decided_at"))
            .values_list("post__organisation", "last")
        )
        for organisation_id in long_listed:
            last_at = last.get(organisation_id)
            if last_at is None or timezone.localtime(last_at).date() < cutoff:
                idle[organisation_id] = (True, last_at)
    return idle


def named_hosts(idle: dict[int, tuple[bool, datetime | None]], limit: int | None = None) -> list[IdleHost]:
    """The organisations of idle_host_ids, by name (the first `limit`)."""
    organisations = Organisation.objects.filter(pk__in=list(idle)).select_related("commune").order_by("name", "id")
    return [
        IdleHost(organisation, *idle[organisation.pk])
        for organisation in (organisations[:limit] if limit is not None else organisations)
    ]


def idle_hosts(codes: list[str] | None, today: date | None = None) -> list[IdleHost]:
    """The hosts to prospect again, by name."""
    return named_hosts(idle_host_ids(codes, today))


def posts_to_confirm(codes: list[str] | None, now: datetime | None = None) -> QuerySet[Post]:
    """Registered posts past the reminder and not yet withdrawn: their host has a month left."""
    posts = Post.objects.filter(
        status=PostStatus.ACTIVE,
        registration=Registration.REGISTERED,
        stale=False,
        last_confirmed_at__lte=(now or timezone.now()) - freshness.REMINDER_AFTER,
    )
    return posts if codes is None else posts.filter(commune__departement_id__in=codes)
