"""The reminder of a registered post left unconfirmed for 11 months (tig/posts/freshness.py): its
organisation's administrators are asked, once, whether it is still offered; confirmed, it is no
longer a candidate. At 12 months it leaves search (tig.posts.tasks.review_freshness)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.urls import reverse

from tig.accounts.models import User
from tig.notifications.enums import NotificationKind
from tig.notifications.reminders import Due, Reminder
from tig.organisations.enums import MembershipRole
from tig.organisations.models import Membership
from tig.posts import freshness
from tig.posts.enums import PostStatus, Registration
from tig.posts.models import Post


class ConfirmationReminder(Reminder):
    name = "posts.confirmation"
    kind = NotificationKind.POST_CONFIRMATION
    every = timedelta(days=30)
    at_most = 1

    def candidates(self, now: datetime) -> Iterable[Due]:
        posts = list(
            Post.objects.filter(
                status=PostStatus.ACTIVE,
                registration=Registration.REGISTERED,
                stale=False,
                last_confirmed_at__lte=now - freshness.REMINDER_AFTER,
            ).only("pk", "title", "organisation_id", "last_confirmed_at")
        )
        admins: dict[int, list[User]] = defaultdict(list)
        memberships = Membership.objects.filter(
            organisation_id__in={post.organisation_id for post in posts},
            role=MembershipRole.ADMIN,
            user__is_active=True,
        ).select_related("user")
        for membership in memberships:
            admins[membership.organisation_id].append(membership.user)
        for post in posts:
            yield Due(
                key=f"post:{post.pk}",
                title=f"Ce poste est-il toujours proposé ? {post.title}",
                body=(
                    "Sans confirmation dans un mois, il sera retiré de la recherche. "
                    f"S'il est toujours offert tel quel, confirmez-le en un clic : {freshness.confirmation_link(post)}"
                ),
                url=reverse("posts:detail", args=[post.pk]),
                users=admins[post.organisation_id],
            )
