"""Saving a post keeps the rule of the departmental list (docs/regles.md, R16) wherever it is
saved from — the organisation's form and the technical administration alike — and the places
taken change in one place."""

import pytest

from tests.accounts.factories import host_member, national_admin
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tig.core.exceptions import Refused
from tig.posts import services
from tig.posts.enums import Registration
from tig.posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changed", "leaves"),
    [(["tasks"], True), (["places_offered"], True), (["commune"], True), (["schedule_notes"], False), ([], False)],
)
def test_a_significant_change_takes_a_registered_post_off_the_list(changed, leaves):
    post = PostFactory(registration=Registration.REGISTERED)
    admin = host_member(post.organisation)
    assert services.save_post(post, changed, admin) is leaves
    post.refresh_from_db()
    assert (post.registration == Registration.UNREGISTERED) is leaves


def test_a_tutor_or_another_organisation_cannot_save_it():
    post = PostFactory()
    for user in (host_member(post.organisation, role="tutor"), host_member(OrganisationFactory())):
        with pytest.raises(Refused):
            services.save_post(post, ["title"], user)


def test_the_technical_administration_keeps_the_rule_too(client):
    post = PostFactory(registration=Registration.REGISTERED, tasks="Tonte.")
    client.force_login(national_admin(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/posts/post/{post.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list) and name not in ("tutors",):
            value = form.fields[name].prepare_value(value) if hasattr(form.fields[name], "prepare_value") else value
        if hasattr(value, "isoformat") and hasattr(value, "hour"):  # the split date and time of the admin
            data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%d/%m/%Y"), value.strftime("%H:%M:%S")
        elif value is not None:
            data[name] = value
    data["tasks"] = "Tonte et taille des haies."
    response = client.post(f"/admin/posts/post/{post.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    post.refresh_from_db()
    assert post.tasks == "Tonte et taille des haies." and post.registration == Registration.UNREGISTERED


def test_a_place_is_taken_only_while_one_is_left():
    post = PostFactory(places_offered=1, places_taken=0)
    assert services.take_place(post) and not services.take_place(post)
    services.give_back_place(post.pk)
    services.give_back_place(post.pk)
    assert Post.objects.get(pk=post.pk).places_taken == 0
