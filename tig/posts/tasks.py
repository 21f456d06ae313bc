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
def review_freshness() -> int:
    """Daily: a registered post unconfirmed for 12 months leaves search, with a notice to its
    organisation (the reminder at 11 months is tig.posts.reminders.ConfirmationReminder)."""
    now = timezone.now()
    withdrawn = 0
    offered = Post.objects.filter(status=PostStatus.ACTIVE, registration=Registration.REGISTERED, stale=False)
    with acting_as("fraîcheur des postes"):
        due = offered.filter(last_confirmed_at__lte=now - freshness.WITHDRAW_AFTER)
        for post in due.order_by("pk").iterator(chunk_size=500):
            with transaction.atomic():
                # Claim the post: a second run (or scheduler) does not notify twice.
                if Post.objects.filter(pk=post.pk, stale=False).update(stale=True):
                    link = freshness.confirmation_link(post)
                    notify(
                        organisation_admins(post.organisation_id),
                        NotificationKind.POST_WITHDRAWN,
                        f"Poste retiré de la recherche : {post.title}",
                        "Ce poste n'a pas été confirmé depuis un an : il n'est plus proposé aux services de probation "
                        f"ni aux juridictions. S'il est toujours offert, confirmez-le en un clic : {link}",
                        reverse("posts:detail", args=[post.pk]),
                    )
                    withdrawn += 1
    return withdrawn
