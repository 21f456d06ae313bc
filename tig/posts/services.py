"""The steps that change a post. Saving a post keeps the rule of the departmental list
(docs/regles.md, R16): a registered post whose work, places, site or audience changes leaves the
list until a new decision — from the organisation's form and from the technical administration
alike. The places taken change here only: one place taken by a conditional UPDATE (two
decisions on the last place cannot both win), given back the same way."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from tig.accounts.models import User
from tig.core.exceptions import Refused
from tig.posts import perms
from tig.posts.enums import SIGNIFICANT_FIELDS, Registration
from tig.posts.models import Post


def leaves_the_list(post: Post, changed: Iterable[str]) -> bool:
    """Whether saving these changes takes the registered post off the departmental list."""
    return (
        post.pk is not None and post.registration == Registration.REGISTERED and bool(SIGNIFICANT_FIELDS & set(changed))
    )


def save_post(post: Post, changed: Iterable[str], user: User, *, check: bool = True) -> bool:
    """Save a new or changed post (its many-to-many fields are the caller's, after this); True
    when the change took it off the list. `check=False` for the technical administration,
    whose own permissions apply."""
    if check and post.pk and not perms.can_edit_post(user, post):
        raise Refused("Vous pouvez consulter ce poste, mais pas le modifier.")
    if check and not post.pk and not perms.can_create_post_for(user, post.organisation):
        raise Refused("Vous ne pouvez pas créer de poste pour cette structure.")
    deregistered = leaves_the_list(post, changed)
    with transaction.atomic():
        if deregistered:
            post.registration = Registration.UNREGISTERED
            post.registered_on = None
        post.save()
    return deregistered


def take_place(post: Post) -> bool:
    """Take one place of a post in search, if one is left (inside the caller's transaction)."""
    taken = Post.objects.filter(pk=post.pk, listed=True, places_taken__lt=F("places_offered")).update(
        places_taken=F("places_taken") + 1
    )
    return bool(taken)


def give_back_place(post_id: int) -> None:
    """A place freed: back in search at once."""
    Post.objects.filter(pk=post_id, places_taken__gt=0).update(places_taken=F("places_taken") - 1)
