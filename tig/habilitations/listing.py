"""Keep each post's `host_habilitated` column true: public hosts by right, private hosts while
a habilitation is valid for the post's département and audience. `Post.listed`, the column
search filters on, is computed by the database from it and the post's own state."""

from django.db.models.signals import post_save
from django.utils import timezone

from tig.habilitations.enums import Audience
from tig.organisations.models import Organisation
from tig.posts.models import Post

RELEVANT_POST_FIELDS = frozenset({"organisation", "commune", "minors_allowed", "host_habilitated"})


def required_audience(post) -> str:
    """A post open to minors is decided, and needs a habilitation, for minors (the PJJ)."""
    return Audience.MINORS if post.minors_allowed else Audience.ADULTS


def refresh_posts(posts) -> int:
    """Recompute `host_habilitated` for a queryset of posts; return how many changed."""
    from tig.habilitations.models import Dossier

    posts = list(
        posts.select_related("organisation", "commune").only(
            "host_habilitated", "minors_allowed", "organisation__legal_type", "commune__departement_id"
        )
    )
    if not posts:
        return 0
    valid = set(
        Dossier.objects.habilitations_valid_on(timezone.localdate())
        .filter(organisation_id__in={post.organisation_id for post in posts})
        .values_list("organisation_id", "departement_id", "audience")
    )
    changed = []
    for post in posts:
        habilitated = post.organisation.is_public_body or (
            (post.organisation_id, post.commune.departement_id, required_audience(post)) in valid
        )
        if habilitated != post.host_habilitated:
            post.host_habilitated = habilitated
            changed.append(post)
    Post.objects.bulk_update(changed, ["host_habilitated"])
    return len(changed)


def refresh_organisation(organisation_id: int) -> int:
    return refresh_posts(Post.objects.filter(organisation_id=organisation_id))


def _post_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is None or RELEVANT_POST_FIELDS & set(update_fields):
        refresh_posts(Post.objects.filter(pk=instance.pk))


def _organisation_saved(sender, instance, created, **kwargs) -> None:
    if not created:
        refresh_organisation(instance.pk)


def connect_signals() -> None:
    post_save.connect(_post_saved, sender=Post, dispatch_uid="habilitations_post_saved")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="habilitations_organisation_saved")
