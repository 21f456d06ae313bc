"""A fresh offer (issue 3): a post not confirmed by its organisation for 11 months gets a
reminder; at 12 months it leaves search, with a notice. Confirming takes one click, from the
e-mail (a signed link, valid until the next confirmation) or from the organisation's space."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "tig.posts.confirm"
REMINDER_AFTER = timedelta(days=335)  # 11 months
WITHDRAW_AFTER = timedelta(days=365)  # 12 months
LINK_VALIDITY = timedelta(days=90)


def confirmation_token(post) -> str:
    """Bound to the post and to its last confirmation: once used, the link is spent."""
    return signing.dumps([post.pk, post.last_confirmed_at.timestamp()], salt=SALT, compress=True)


def post_from_token(token: str, posts):
    """The post a valid, unspent token confirms, or None."""
    try:
        pk, confirmed_at = signing.loads(token, salt=SALT, max_age=LINK_VALIDITY)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    post = posts.filter(pk=pk).first()
    if post is None or post.last_confirmed_at.timestamp() != confirmed_at:
        return None
    return post


def confirmation_link(post) -> str:
    return settings.SITE_URL + reverse("posts:confirm_by_link", args=[confirmation_token(post)])


def confirm(post) -> None:
    """The organisation says the post is still offered as described: back in search if it had left."""
    post.last_confirmed_at = timezone.now()
    post.stale = False
    post.save(update_fields=["last_confirmed_at", "stale", "updated_at"])
