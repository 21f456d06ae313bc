"""Who tutors (docs/regles.md, P16): a member of a host organisation with the role « tuteur », or
any member named tutor of one of its posts. The network's directory, the training's invitations
and its follow-up all read tutors from here."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from tig.organisations.enums import MembershipRole
from tig.organisations.models import Membership
from tig.posts.models import Post


def tutor_memberships(codes: list[str] | None = None) -> QuerySet[Membership]:
    """One line per active tutor and organisation, in these départements (None: France)."""
    tutors_a_post = Post.tutors.through.objects.filter(
        user_id=OuterRef("user_id"), post__organisation_id=OuterRef("organisation_id")
    )
    members = Membership.objects.filter(user__is_active=True).filter(
        Q(role=MembershipRole.TUTOR) | Exists(tutors_a_post)
    )
    if codes is not None:
        members = members.filter(organisation__commune__departement_id__in=codes)
    return members
