"""The steps that change a post. Saving a post keeps the rule of the departmental list
(docs/regles.md, R16) without taking the post out of search: on a registered post, a change of
the work, the site or the audience, or more places than registered, is held as a proposed
revision (PostRevision) while the registered version stays in search; the revision goes through
registration (tig.habilitations) and applies on the decision, or is dropped on refusal. Fewer
places, the title, the schedule, the contacts and the places taken are saved at once. The same
from the organisation's form and from the technical administration.

The places taken change here only: one place taken by a conditional UPDATE (two decisions on the
last place cannot both win), given back the same way."""

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from tig.accounts.enums import Role
from tig.accounts.models import User
from tig.core.exceptions import Refused
from tig.posts import perms
from tig.posts.enums import REVISION_FIELDS, Registration, RevisionStatus
from tig.posts.models import Post, PostRevision, Session


def needs_decision(post: Post, changed: Iterable[str]) -> list[str]:
    """The fields (by form name) whose new value on this registered post needs a decision."""
    if post.pk is None or post.registration != Registration.REGISTERED:
        return []
    held = [name for name in changed if name in REVISION_FIELDS]
    registered = post.places_registered or 0
    if "places_offered" in changed and post.places_offered > registered:
        held.append("places_offered")
    return held


def _attname(name: str) -> str:
    field = Post._meta.get_field(name)
    return getattr(field, "attname", name)


def save_post(post: Post, changed: Iterable[str], user: User, *, check: bool = True) -> PostRevision | None:
    """Save a new or changed post (its many-to-many fields are the caller's, after this). On a
    registered post, what needs a decision is kept in the post's pending revision (returned)
    and the post keeps its registered values. `check=False` for the technical administration,
    whose own permissions apply."""
    if check and post.pk and not perms.can_edit_post(user, post):
        raise Refused("Vous pouvez consulter ce poste, mais pas le modifier.")
    if check and not post.pk and not perms.can_create_post_for(user, post.organisation):
        raise Refused("Vous ne pouvez pas créer de poste pour cette structure.")
    changed = list(changed)
    with transaction.atomic():
        held = needs_decision(post, changed)
        revision = None
        if held:
            current = Post.objects.select_for_update().get(pk=post.pk)
            revision = _hold(post, current, held, user)
        post.save()
    return revision


def _hold(post: Post, current: Post, held: list[str], user: User) -> PostRevision:
    """Move the held values from `post` into the pending revision; `post` keeps `current`'s."""
    revision = PostRevision.objects.filter(post=post, status=RevisionStatus.PENDING).first()
    if revision is not None and revision.submitted_at is not None:
        raise Refused(
            "Une modification de ce poste est déjà en cours d'inscription : attendez la décision avant d'en "
            "proposer une autre (l'horaire, les contacts et une baisse des places restent modifiables)."
        )
    values: dict[str, Any] = dict(revision.values) if revision else {}
    for name in held:
        attname = _attname(name)
        values[attname] = getattr(post, attname)
        setattr(post, attname, getattr(current, attname))
        if name == "places_offered":
            # The places offered stay those registered at most, and never fewer than the taken.
            post.places_offered = max(min(values[attname], current.places_registered or 0), post.places_taken)
    # A value set back to the registered one needs no decision any more.
    values = {attname: value for attname, value in values.items() if value != _registered_value(current, attname)}
    if revision is None:
        revision = PostRevision(post=post, created_by=user)
    revision.values = values
    if values:
        revision.save()
    elif revision.pk:
        revision.status, revision.closed_at = RevisionStatus.DROPPED, timezone.now()
        revision.save()
    return revision


def _registered_value(current: Post, attname: str) -> Any:
    if attname == "places_offered":
        return current.places_registered
    return getattr(current, attname)


def pending_revision(post: Post) -> PostRevision | None:
    return PostRevision.objects.filter(post=post, status=RevisionStatus.PENDING).first()


def apply_revision(revision: PostRevision, places: int) -> None:
    """The registration decision granted: the revision becomes the post (inside the caller's
    transaction), with the places the decision registers."""
    post = Post.objects.select_for_update().get(pk=revision.post_id)
    for attname, value in revision.values.items():
        if attname != "places_offered":
            setattr(post, attname, value)
    post.places_registered = places
    post.places_offered = max(places, post.places_taken)
    post.registered_on = timezone.localdate()
    post.last_confirmed_at, post.stale = timezone.now(), False
    post.save()
    revision.status, revision.closed_at = RevisionStatus.APPLIED, timezone.now()
    revision.save(update_fields=["status", "closed_at"])


def drop_revision(revision: PostRevision) -> None:
    """Refused: the post stays as registered."""
    revision.status, revision.closed_at = RevisionStatus.DROPPED, timezone.now()
    revision.save(update_fields=["status", "closed_at"])


def take_place(post: Post) -> bool:
    """Take one place of a post in search, if one is left (inside the caller's transaction)."""
    taken = Post.objects.filter(pk=post.pk, listed=True, places_taken__lt=F("places_offered")).update(
        places_taken=F("places_taken") + 1
    )
    return bool(taken)


def give_back_place(post_id: int) -> None:
    """A place freed: back in search at once."""
    Post.objects.filter(pk=post_id, places_taken__gt=0).update(places_taken=F("places_taken") - 1)


# The sessions of a collective worksite (docs/regles.md, C1–C2). Only what is to come is changed;
# the post is locked while its sessions are made, a session (and its series) while changed.

MAX_WEEKS = 52
MAX_CAPACITY = 100

# Sent inside the transaction that changes or cancels sessions to come (sessions=[…], user=…,
# cancelled=bool, reason=str): tig.collective tells the participants' officers and the host.
sessions_changed = Signal()


def _worksite(user: User, post: Post) -> Post:
    if not perms.can_edit_post(user, post):
        raise Refused("Vous ne pouvez pas modifier ce chantier.")
    locked: Post = Post.objects.select_for_update().get(pk=post.pk)
    if not locked.collective:
        raise Refused("Seul un chantier collectif a des séances.")
    return locked


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def _check_session(starts_at: datetime, ends_at: datetime, capacity: int) -> None:
    if starts_at <= timezone.now():
        raise Refused("Une séance se prévoit dans l'avenir : choisissez une date à venir.")
    if ends_at <= starts_at:
        raise Refused("La séance doit finir après avoir commencé.")
    if ends_at - starts_at > timedelta(hours=12):
        raise Refused("Une séance dure au plus 12 heures.")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise Refused(f"Une séance compte de 1 à {MAX_CAPACITY} places.")


def add_sessions(
    user: User, post: Post, day: date, start: time, end: time, capacity: int, meeting_point: str, weeks: int = 1
) -> list[Session]:
    """One session, or the same one every week for `weeks` weeks (a series)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise Refused(f"Une série compte de 1 à {MAX_WEEKS} semaines.")
    if not meeting_point.strip():
        raise Refused("Indiquez le point de rendez-vous.")
    with transaction.atomic():
        post = _worksite(user, post)
        series = uuid.uuid4() if weeks > 1 else None
        sessions = []
        for week in range(weeks):
            starts_at = _at(day + timedelta(weeks=week), start)
            ends_at = _at(day + timedelta(weeks=week), end)
            _check_session(starts_at, ends_at, capacity)
            sessions.append(
                Session(
                    post=post,
                    series=series,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    capacity=capacity,
                    meeting_point=meeting_point.strip(),
                )
            )
        for session in sessions:  # one by one: each in the audit log
            session.save()
        return sessions


def _to_change(user: User, session: Session, whole_series: bool) -> list[Session]:
    """The session (locked), or its series' sessions to come and not cancelled from it on."""
    _worksite(user, session.post)
    if whole_series and session.series is not None:
        found = Session.objects.filter(series=session.series, starts_at__gte=session.starts_at)
    else:
        found = Session.objects.filter(pk=session.pk)
    sessions = list(found.filter(cancelled_at__isnull=True).select_for_update().order_by("starts_at"))
    if not sessions or sessions[0].starts_at <= timezone.now():
        raise Refused("Une séance passée ou annulée ne se modifie plus.")
    return sessions


def change_session(
    user: User,
    session: Session,
    start: time,
    end: time,
    capacity: int,
    meeting_point: str,
    day: date | None = None,
    whole_series: bool = False,
) -> list[Session]:
    """New hours, places and meeting point for one session (and its day), or for the sessions of
    its series from it on (each keeping its own day). Places are never fewer than those taken."""
    if not meeting_point.strip():
        raise Refused("Indiquez le point de rendez-vous.")
    with transaction.atomic():
        sessions = _to_change(user, session, whole_series)
        for one in sessions:
            own_day = day if (day is not None and not whole_series) else timezone.localtime(one.starts_at).date()
            one.starts_at, one.ends_at = _at(own_day, start), _at(own_day, end)
            _check_session(one.starts_at, one.ends_at, capacity)
            if capacity < one.seats_taken:
                raise Refused(
                    f"La séance du {timezone.localtime(one.starts_at):%d/%m/%Y} a déjà {one.seats_taken} "
                    "personnes inscrites : les places ne peuvent pas être moins nombreuses."
                )
            one.capacity, one.meeting_point = capacity, meeting_point.strip()
            if not whole_series:
                one.series = None  # changed on its own: it leaves its series
            one.save()
        sessions_changed.send(sender=Session, sessions=sessions, user=user, cancelled=False, reason="")
        return sessions


def cancel_session(user: User, session: Session, reason: str, whole_series: bool = False) -> list[Session]:
    if not reason.strip():
        raise Refused("Indiquez le motif de l'annulation.")
    with transaction.atomic():
        sessions = _to_change(user, session, whole_series)
        now = timezone.now()
        for one in sessions:
            one.cancelled_at, one.cancel_reason = now, reason.strip()[:255]
            one.save(update_fields=["cancelled_at", "cancel_reason"])
        sessions_changed.send(sender=Session, sessions=sessions, user=user, cancelled=True, reason=reason.strip())
        return sessions


def set_supervisors(user: User, post: Post, supervisors: Iterable[User]) -> None:
    """The worksite's supervisors: members of its organisation, or SPIP or PJJ staff of the
    département where the work happens."""
    chosen = list(supervisors)
    allowed = {candidate.pk for candidate in supervisor_candidates(post)}
    if any(supervisor.pk not in allowed for supervisor in chosen):
        raise Refused("Un encadrant est membre de la structure, ou du SPIP ou de la PJJ du département.")
    with transaction.atomic():
        post = _worksite(user, post)
        post.supervisors.set(chosen)


def supervisor_candidates(post: Post) -> list[User]:
    members = User.objects.filter(memberships__organisation_id=post.organisation_id, is_active=True)
    staff = User.objects.filter(
        role__in=[Role.PROBATION_OFFICER, Role.SPIP_DIRECTOR, Role.PJJ_DIRECTOR],
        service__departement_id=post.commune.departement_id,
        is_active=True,
    )
    return list((members | staff).distinct().order_by("last_name", "first_name", "pk"))
