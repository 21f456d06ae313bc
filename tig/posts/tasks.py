from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from tig.audit.recording import acting_as
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify
from tig.organisations.models import organisation_admins
from tig.posts import freshness
from tig.posts.enums import PostStatus, Registration
from tig.posts.models import Post


@task
def review_freshness() -> dict[str, int]:
    """Daily: reminders at 11 months without confirmation; withdrawal from search at 12."""
    now = timezone.now()
    done = {"reminders": 0, "withdrawn": 0}
    offered = Post.objects.filter(status=PostStatus.ACTIVE, registration=Registration.REGISTERED, stale=False)
    with acting_as("fraîcheur des postes"):
        due = offered.filter(last_confirmed_at__lte=now - freshness.REMINDER_AFTER).select_related("organisation")
        for post in due.order_by("pk").iterator(chunk_size=500):
            withdraw = post.last_confirmed_at <= now - freshness.WITHDRAW_AFTER
            if not withdraw and post.freshness_reminders >= 1:
                continue
            with transaction.atomic():
                # Claim the post: a second run (or scheduler) does not notify twice.
                unclaimed = Post.objects.filter(pk=post.pk, stale=False, freshness_reminders=post.freshness_reminders)
                if withdraw:
                    claimed = unclaimed.update(stale=True, freshness_reminders=2)
                else:
                    claimed = unclaimed.update(freshness_reminders=1)
                if claimed:
                    _notify(post, withdraw)
                    done["withdrawn" if withdraw else "reminders"] += claimed
    return done


def _notify(post, withdrawn: bool) -> None:
    admins = organisation_admins(post.organisation_id)
    link = freshness.confirmation_link(post)
    if withdrawn:
        kind = NotificationKind.POST_WITHDRAWN
        title = f"Poste retiré de la recherche : {post.title}"
        body = (
            "Ce poste n'a pas été confirmé depuis un an : il n'est plus proposé aux services de probation "
            f"ni aux juridictions. S'il est toujours offert, confirmez-le en un clic : {link}"
        )
    else:
        kind = NotificationKind.POST_CONFIRMATION
        title = f"Ce poste est-il toujours proposé ? {post.title}"
        body = (
            "Sans confirmation dans un mois, il sera retiré de la recherche. "
            f"S'il est toujours offert tel quel, confirmez-le en un clic : {link}"
        )
    notify(admins, kind, title, body, reverse("posts:detail", args=[post.pk]))
