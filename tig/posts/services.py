"""The steps that change a post. Saving a post keeps the rule of the departmental list
(docs/regles.md, R16) without taking the post out of search: on a registered post, a change of
the work, the site or the audience, or more places than registered, is held as a proposed
revision (PostRevision) while the registered version stays in search; the revision goes through
registration (tig.habilitations) and applies on the decision, or is dropped on refusal. Fewer
places, the title, the schedule, the contacts and the places taken are saved at once. The same
from the organisation's form and from the technical administration.

The places taken change here only: one place taken by a conditional UPDATE (two decisions on the
last place cannot both win), given back the same way."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tig.accounts.models import User
from tig.core.exceptions import Refused
from tig.posts import perms
from tig.posts.enums import REVISION_FIELDS, Registration, RevisionStatus
from tig.posts.models import Post, PostRevision


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
