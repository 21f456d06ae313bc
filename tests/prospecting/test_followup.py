"""What a referent is reminded to chase (tig/prospecting/followup.py and reminders.py,
docs/regles.md P9): the weekly digest, the invitation sent again, the page « À relancer »."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.accounts.factories import host_member, lawyer, national_admin, probation_officer, referent
from tests.measures.factories import PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.prospecting.factories import TargetFactory, town_hall
from tests.territories.factories import commune
from tig.notifications.enums import NotificationKind
from tig.notifications.models import Email, Notification, ReminderState
from tig.notifications.reminders import run
from tig.posts.enums import Registration
from tig.prospecting import followup
from tig.prospecting.enums import InteractionKind, Stage
from tig.prospecting.reminders import ReferentDigest, TargetInvitationReminder

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def long_ago(days: int):
    return timezone.now() - days * DAY


@pytest.fixture
def chase():
    """In Côte-d'Or, one of each thing to chase; in Saône-et-Loire, nothing."""
    me = referent("21")
    overdue = town_hall("dijon", stage=Stage.CONTACTED, next_step="Rappeler", assigned_to=me)
    overdue.next_step_on = timezone.localdate() - DAY
    overdue.save()
    untouched = TargetFactory(stage=Stage.MEETING, last_activity_at=long_ago(90), next_step_on=timezone.localdate())
    invited = TargetFactory(
        stage=Stage.CONTACTED, invited_email="accueil@asso.test", invited_at=long_ago(20), last_activity_at=long_ago(20)
    )
    stale_host = OrganisationFactory(name="Ville sans poste")
    PostFactory(organisation=stale_host, stale=True)  # registered, but out of search
    confirm = PostFactory(title="Poste à confirmer", last_confirmed_at=long_ago(340))
    return {
        "me": me,
        "overdue": overdue,
        "untouched": untouched,
        "invited": invited,
        "host": stale_host,
        "post": confirm,
    }


def test_the_followup_lists_each_thing_to_chase_once(chase):
    codes = ["21"]
    assert list(followup.overdue(codes, chase["me"].pk)) == [chase["overdue"]]
    assert list(followup.untouched(codes, chase["me"].pk)) == [chase["untouched"]]
    assert list(followup.unanswered(codes, chase["me"].pk)) == [chase["invited"]]
    assert [idle.organisation for idle in followup.idle_hosts(codes)] == [chase["host"]]
    assert list(followup.posts_to_confirm(codes)) == [chase["post"]]
    # Another referent's targets are not mine; the register's untouched town halls are nobody's work yet.
    other = referent("21")
    assert list(followup.overdue(codes, other.pk)) == []
    town_hall("beaune")
    assert list(followup.untouched(codes, None)) == [chase["untouched"]]
    assert [list(followup.overdue(["71"])), followup.idle_hosts(["71"])] == [[], []]


def test_a_host_that_hosts_nobody_for_months_is_to_prospect_again(settings):
    settings.HOST_IDLE_MONTHS = 6
    sleeping = OrganisationFactory(name="Ville endormie")
    PostFactory(organisation=sleeping, registered_on=timezone.localdate() - 300 * DAY)
    busy = OrganisationFactory(name="Ville active")
    placement = PlacementFactory(
        post=PostFactory(organisation=busy, registered_on=timezone.localdate() - 300 * DAY),
        measure__officer=probation_officer("21"),
    )
    newcomer = OrganisationFactory(name="Ville nouvelle")
    PostFactory(organisation=newcomer, registered_on=timezone.localdate() - 30 * DAY)
    never = OrganisationFactory(name="Jamais inscrite")
    PostFactory(organisation=never, registration=Registration.UNREGISTERED)

    idle = followup.idle_hosts(["21"])
    assert [(host.organisation.name, host.listed) for host in idle] == [("Ville endormie", True)]
    type(placement).objects.filter(pk=placement.pk).update(decided_at=timezone.now() - 200 * DAY)
    assert [host.organisation.name for host in followup.idle_hosts(["21"])] == ["Ville active", "Ville endormie"]
    settings.MEASURES_ENABLED = False  # without the measures, only « no post in search » counts
    assert followup.idle_hosts(["21"]) == []


def test_the_weekly_digest_goes_to_the_referents_with_something_to_chase(chase):
    elsewhere = referent("71")
    now = timezone.now()
    assert run(ReferentDigest(), now) == 1
    digest = Notification.objects.get(user=chase["me"], kind=NotificationKind.PROSPECTING_DIGEST)
    for line in (
        "en retard sur la prochaine étape : 1",
        "en cours sans action depuis 60 jours : 1",
        "invitées à s'inscrire, sans suite : 1",
        "structures d'accueil à relancer (sans poste ou sans accueil) : 1",
        "postes inscrits que leur structure doit confirmer : 1",
    ):
        assert line in digest.body
    assert digest.url == "/prospection/a-relancer/"
    assert not Notification.objects.filter(user=elsewhere).exists()
    assert run(ReferentDigest(), now + DAY) == 0  # once a week
    assert run(ReferentDigest(), now + 7 * DAY) == 1


def test_the_digest_stops_when_nothing_is_left_to_chase():
    me = referent("21")
    target = TargetFactory(stage=Stage.CONTACTED, assigned_to=me, next_step_on=timezone.localdate() - DAY)
    assert run(ReferentDigest()) == 1
    target.next_step_on = timezone.localdate() + 30 * DAY
    target.save()
    assert run(ReferentDigest(), timezone.now() + 8 * DAY) == 0
    assert not ReminderState.objects.get(reminder="prospecting.digest", key=f"referent:{me.pk}").active


def test_an_unanswered_invitation_is_sent_again_once_and_logged(chase):
    invited = chase["invited"]
    assert run(TargetInvitationReminder()) == 1
    email = Email.objects.get(to="accueil@asso.test")
    assert email.subject.startswith("Rappel — ")
    assert "vous rappelle son invitation" in email.body and "/structures/inscription/" in email.body
    assert invited.interactions.filter(kind=InteractionKind.EMAIL, summary__contains="relance automatique").exists()
    assert run(TargetInvitationReminder(), timezone.now() + 30 * DAY) == 0  # once
    invited.invited_at = long_ago(15)  # invited again by the referent: a new invitation, reminded once too
    invited.save()
    assert run(TargetInvitationReminder()) == 1
    # Signed up: no longer a candidate.
    invited.organisation = OrganisationFactory()
    invited.save()
    assert list(followup.unanswered(["21"])) == []


def test_the_followup_page_is_for_the_referents_and_the_agency(client_for, chase):
    mine = client_for(chase["me"]).get("/prospection/a-relancer/")
    assert mine.status_code == 200
    page = mine.content.decode()
    for name in (chase["overdue"].name, chase["untouched"].name, chase["invited"].name, "Ville sans poste"):
        assert name in page
    assert "Poste à confirmer" in page
    assert chase["overdue"].name in client_for(national_admin()).get("/prospection/a-relancer/").content.decode()
    other = client_for(referent("71")).get("/prospection/a-relancer/").content.decode()
    assert chase["overdue"].name not in other and "Ville sans poste" not in other
    for user in (host_member(chase["host"]), lawyer()):
        assert client_for(user).get("/prospection/a-relancer/").status_code == 403
    assert commune("dijon")  # the fixture's commune


def test_a_long_list_shows_its_first_lines_and_counts_them_all(client_for, monkeypatch):
    from tig.prospecting import views

    me = referent("21")
    for name in ("Cible A", "Cible B"):
        TargetFactory(name=name, stage=Stage.CONTACTED, assigned_to=me, next_step_on=timezone.localdate() - DAY)
    monkeypatch.setattr(views, "SHOWN", 1)
    page = client_for(me).get("/prospection/a-relancer/").content.decode()
    assert "Prochaine étape dépassée (2)" in page
    assert "Cible A" in page and "Cible B" not in page
