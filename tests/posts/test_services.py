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
    ("change", "held"),
    [
        ({"tasks": "Tonte et taille."}, {"tasks": "Tonte et taille."}),
        ({"places_offered": 4}, {"places_offered": 4}),
        ({"minors_allowed": True}, {"minors_allowed": True}),
        ({"places_offered": 1}, {}),
        ({"schedule_notes": "Hors août."}, {}),
        ({"title": "Parcs"}, {}),
    ],
)
def test_what_needs_a_decision_is_held_and_the_registered_post_stays_listed(change, held):
    post = PostFactory(registration=Registration.REGISTERED, places_offered=2)
    admin = host_member(post.organisation)
    for name, value in change.items():
        setattr(post, name, value)
    revision = services.save_post(post, list(change), admin)
    post.refresh_from_db()
    assert post.listed and post.registration == Registration.REGISTERED
    assert (revision.values if revision else {}) == held
    for name, value in change.items():
        assert (getattr(post, name) == value) is (name not in held)


def test_an_unregistered_post_saves_everything_at_once():
    post = PostFactory(registration=Registration.UNREGISTERED)
    post.tasks, post.places_offered = "Autre chose.", 6
    assert services.save_post(post, ["tasks", "places_offered"], host_member(post.organisation)) is None
    post.refresh_from_db()
    assert (post.tasks, post.places_offered) == ("Autre chose.", 6)


def test_a_revision_being_examined_cannot_change_but_the_schedule_can():
    post = PostFactory(registration=Registration.REGISTERED)
    admin = host_member(post.organisation)
    post.tasks = "Tonte."
    revision = services.save_post(post, ["tasks"], admin)
    revision.submitted_at = revision.created_at
    revision.save()
    post = Post.objects.get(pk=post.pk)
    post.tasks = "Encore autre chose."
    with pytest.raises(Refused, match="déjà en cours d'inscription"):
        services.save_post(post, ["tasks"], admin)
    post = Post.objects.get(pk=post.pk)
    post.schedule_notes = "Le matin."
    assert services.save_post(post, ["schedule_notes"], admin) is None


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
    assert post.tasks == "Tonte." and post.registration == Registration.REGISTERED and post.listed
    assert post.revisions.get().values == {"tasks": "Tonte et taille des haies."}


def test_a_place_is_taken_only_while_one_is_left():
    post = PostFactory(places_offered=1, places_taken=0)
    assert services.take_place(post) and not services.take_place(post)
    services.give_back_place(post.pk)
    services.give_back_place(post.pk)
    assert Post.objects.get(pk=post.pk).places_taken == 0
