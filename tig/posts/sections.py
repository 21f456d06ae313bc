"""The posts' part of the organisation's pages (tig/organisations/sections.py): the list of
its posts on its page, the count of its active posts in the list of organisations."""

from django.core.paginator import Paginator
from django.db.models import Count

from tig.accounts.models import User
from tig.accounts.typing import AuthenticatedRequest
from tig.organisations.models import Organisation
from tig.organisations.sections import Column, Section, register_column, register_section
from tig.posts import perms
from tig.posts.enums import PostStatus
from tig.posts.models import Post

POSTS_PAGE_SIZE = 50


def organisation_posts(request: AuthenticatedRequest, organisation: Organisation) -> dict:
    posts = (
        Post.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("commune")
        .order_by("status", "title", "pk")
    )
    # A national partner may offer hundreds of posts: a page of them at a time.
    return {
        "page": Paginator(posts, POSTS_PAGE_SIZE).get_page(request.GET.get("page")),
        "can_add_post": perms.can_create_post_for(request.user, organisation),
    }


def active_posts(user: User, organisation_ids: list[int]) -> dict[int, int]:
    counts = (
        Post.objects.filter(organisation__in=organisation_ids, status=PostStatus.ACTIVE)
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    return dict(counts)


def register() -> None:
    register_section(Section("posts", 20, "posts/_organisation_section.html", organisation_posts))
    register_column(Column("active_posts", 10, "Postes actifs", active_posts, default=0))
