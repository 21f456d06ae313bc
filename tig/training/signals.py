"""A new tutor is invited to the training by itself (docs/regles.md, F6): a member given the role
« tuteur », or a member named tutor of a post. In the transaction of the step that made them tutor."""

from typing import Any

from django.db.models.signals import m2m_changed, post_save

from tig.accounts.models import User
from tig.organisations.enums import MembershipRole
from tig.organisations.models import Membership
from tig.posts.models import Post
from tig.training import invitations


def _membership_saved(sender: type[Membership], instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.role != MembershipRole.TUTOR:
        return
    departement = (
        Membership.objects.filter(pk=instance.pk)
        .values_list("organisation__commune__departement_id", flat=True)
        .first()
    )
    invitations.invite_new_tutor(instance.user, departement)


def _post_tutors_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action != "post_add" or not pk_set:
        return
    if reverse:  # user.tutored_posts.add(post…)
        pairs = [(instance, pk) for pk in pk_set]
    else:
        pairs = [(user, instance.pk) for user in User.objects.filter(pk__in=pk_set)]
    for user, post in pairs:
        departement = Post.objects.filter(pk=post).values_list("commune__departement_id", flat=True).first()
        invitations.invite_new_tutor(user, departement)


def connect() -> None:
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="training.membership_saved")
    m2m_changed.connect(_post_tutors_changed, sender=Post.tutors.through, dispatch_uid="training.post_tutors")
