from datetime import timedelta

import pytest
from django.utils import timezone

from tests.accounts.factories import host_member
from tests.habilitations.factories import association, granted_habilitation
from tests.posts.factories import PostFactory
from tig.habilitations.tasks import review_habilitations
from tig.notifications.models import Notification
from tig.notifications.reminders import run
from tig.posts import freshness
from tig.posts.reminders import ConfirmationReminder
from tig.posts.tasks import review_freshness

pytestmark = pytest.mark.django_db


def test_renewal_reminders_at_six_and_one_month_then_the_posts_leave_search():
    organisation = association()
    admin = host_member(organisation)
    habilitation = granted_habilitation(organisation, days_ago=5 * 365 - 170)  # ends in about 6 months
    post = PostFactory(organisation=organisation)
    assert review_habilitations.call() == {"reminders": 1, "ended": 0}
    assert review_habilitations.call() == {"reminders": 0, "ended": 0}  # once only
    habilitation.valid_until = timezone.localdate() + timedelta(days=20)
    habilitation.save()
    assert review_habilitations.call()["reminders"] == 1
    assert Notification.objects.filter(user=admin, kind="habilitation_expiring").count() == 2
    post.refresh_from_db()
    assert post.listed
    habilitation.valid_until = timezone.localdate() - timedelta(days=1)
    habilitation.save()
    assert review_habilitations.call()["ended"] == 1
    post.refresh_from_db()
    assert not post.host_habilitated and not post.listed
    assert Notification.objects.filter(user=admin, kind="habilitation_ended").exists()


def test_a_post_unconfirmed_for_a_year_is_reminded_then_leaves_search_then_comes_back_in_one_click(client):
    post = PostFactory(last_confirmed_at=timezone.now() - timedelta(days=340))
    admin = host_member(post.organisation)
    assert run(ConfirmationReminder()) == 1
    assert run(ConfirmationReminder()) == 0  # once only
    assert review_freshness.call() == 0
    reminder = Notification.objects.get(user=admin, kind="post_confirmation")
    link = reminder.body.split("clic : ")[1]
    post.refresh_from_db()
    assert post.listed
    type(post).objects.filter(pk=post.pk).update(last_confirmed_at=timezone.now() - timedelta(days=366))
    assert run(ConfirmationReminder()) == 0
    assert review_freshness.call() == 1
    post.refresh_from_db()
    assert post.stale and not post.listed
    notice = Notification.objects.get(user=admin, kind="post_withdrawn")
    path = notice.body.split("clic : ")[1].removeprefix("http://127.0.0.1:8000").removeprefix("http://testserver")
    path = path[path.index("/postes/") :]
    assert client.get(path).status_code == 200  # a GET alone confirms nothing
    post.refresh_from_db()
    assert post.stale
    assert client.post(path).status_code == 200
    post.refresh_from_db()
    assert post.listed and not post.stale
    # The links are spent once used.
    assert client.post(path).status_code == 404
    assert client.get(link[link.index("/postes/") :]).status_code == 404
    assert freshness.post_from_token("nimporte-quoi", type(post).objects) is None
