"""Inviting and following the learners (docs/regles.md, F6, F8): a new tutor invited to the
starter course at once, reminded until they complete it or mute the reminders; referents follow
the tutors of their départements, an administrator the members of their organisation, nobody else;
the agency withdraws an attestation from its page; the tutor's record counts the courses."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.accounts.factories import host_member, lawyer, national_admin, probation_officer, referent
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tests.training.factories import course_version, finish
from tig.notifications.enums import NotificationKind
from tig.notifications.models import MutedKind, Notification
from tig.notifications.reminders import run
from tig.training import attestation, services
from tig.training.invitations import TrainingReminder
from tig.training.models import Completion, Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def starter():
    return course_version("depart", for_new_tutors=True)


class TestInvitations:
    def test_a_new_tutor_is_invited_once_an_administrator_is_not(self, starter):
        organisation = OrganisationFactory()
        tutor = host_member(organisation, role="tutor")
        admin = host_member(organisation, role="admin")
        assert Invitation.objects.filter(user=tutor, course=starter.course).exists()
        assert not Invitation.objects.filter(user=admin).exists()
        assert Notification.objects.filter(user=tutor, kind=NotificationKind.TRAINING).count() == 1
        membership = tutor.memberships.get()
        membership.save()  # saved again: no second invitation
        assert Notification.objects.filter(user=tutor, kind=NotificationKind.TRAINING).count() == 1

    def test_a_member_named_tutor_of_a_post_is_invited(self, starter):
        organisation = OrganisationFactory()
        admin = host_member(organisation, role="admin")
        post = PostFactory(organisation=organisation)
        post.tutors.add(admin)
        assert Invitation.objects.filter(user=admin, course=starter.course).exists()

    def test_a_departement_s_starter_course_invites_its_tutors_only(self):
        local = course_version("depart-21", departement="21", for_new_tutors=True)
        in_59 = host_member(OrganisationFactory(commune=commune("lille")), role="tutor")
        in_21 = host_member(OrganisationFactory(), role="tutor")
        assert Invitation.objects.filter(course=local.course).get().user == in_21
        assert not Invitation.objects.filter(user=in_59).exists()

    def test_reminded_every_fortnight_until_done_or_muted(self, starter, settings):
        settings.TRAINING_REMINDER_DAYS = 14
        tutor, other, muted = (host_member(OrganisationFactory(), role="tutor") for _ in range(3))
        now = timezone.now()
        assert run(TrainingReminder(), now) == 0  # just invited
        later = now + timedelta(days=15)
        assert run(TrainingReminder(), later) == 3
        MutedKind.objects.create(user=muted, kind=NotificationKind.TRAINING)
        finish(tutor, starter)
        assert run(TrainingReminder(), later + timedelta(days=1)) == 0  # not again so soon
        assert run(TrainingReminder(), later + timedelta(days=15)) == 1  # the one neither done nor muted
        reminders = Notification.objects.filter(title__startswith="Rappel").values_list("user", flat=True)
        assert sorted(reminders) == sorted([tutor.pk, other.pk, muted.pk, other.pk])


class TestFollowUp:
    def test_a_referent_follows_the_tutors_of_their_departements(self, client_for, starter):
        tutor_21 = host_member(OrganisationFactory(), role="tutor", last_name="Aubry")
        host_member(OrganisationFactory(commune=commune("lille")), role="tutor", last_name="Zidane")
        finish(tutor_21, starter)
        page = client_for(referent("21")).get("/formation/suivi/").content.decode()
        assert "Aubry" in page and "Zidane" not in page and "Terminée le" in page
        assert "Zidane" in client_for(national_admin()).get("/formation/suivi/").content.decode()

    def test_an_administrator_follows_the_members_of_their_organisation(self, client_for, starter):
        organisation = OrganisationFactory()
        admin = host_member(organisation, role="admin")
        host_member(organisation, role="tutor", last_name="Martin")
        host_member(OrganisationFactory(), role="tutor", last_name="Voisin")
        page = client_for(admin).get("/formation/suivi/").content.decode()
        assert "Martin" in page and "Voisin" not in page

    def test_filters_and_state(self, client_for, starter):
        done, started, _idle = (host_member(OrganisationFactory(), role="tutor", last_name=n) for n in "ABC")
        finish(done, starter)
        services.lesson_done(started, starter.modules.first().lessons.first())
        client = client_for(referent("21"))
        for state, name in (("terminee", "A"), ("en-cours", "B"), ("pas-commencee", "C")):
            rows = client.get("/formation/suivi/", {"etat": state}).context["rows"]
            assert [line.user.last_name for line, _label, _done in rows] == [name]
        summary = client.get("/formation/suivi/").context["summary"]
        assert summary == {"total": 3, "completed": 1, "started": 1}
        assert client.get("/formation/suivi/", {"etat": "<x>", "page": "zz", "formation": "nope"}).status_code == 200

    def test_others_get_404(self, client_for, starter):
        for user in (host_member(OrganisationFactory(), role="tutor"), probation_officer(), lawyer()):
            assert client_for(user).get("/formation/suivi/").status_code == 404

    def test_another_departement_s_course_is_not_followed(self, client_for, starter):
        client = client_for(referent("21"))
        course_version("nord", departement="59")
        assert [c.slug for c in client.get("/formation/suivi/").context["courses"]] == ["depart"]
        assert client.get("/formation/suivi/", {"formation": "nord"}).context["course"].slug == "depart"
        member = host_member(OrganisationFactory(), role="tutor")
        assert client.post("/formation/suivi/nord/inviter/", {"member": member.pk}).status_code == 404

    def test_invite_a_member_one_follows_only(self, client_for):
        course = course_version("locale", departement="21")
        member = host_member(OrganisationFactory(), role="tutor")
        stranger = host_member(OrganisationFactory(commune=commune("lille")), role="tutor")
        client = client_for(referent("21"))
        client.post(f"/formation/suivi/{course.course.slug}/inviter/", {"member": stranger.pk})
        assert not Invitation.objects.filter(user=stranger).exists()
        client.post(f"/formation/suivi/{course.course.slug}/inviter/", {"member": member.pk})
        assert Invitation.objects.get(user=member).invited_by is not None
        assert client.post(f"/formation/suivi/{course.course.slug}/inviter/", {"member": "x"}).status_code == 404

    def test_the_page_reads_in_a_constant_number_of_queries(self, client_for, starter):
        client = client_for(referent("21"))
        counts = []
        for _ in range(2):
            for _ in range(5):
                finish(host_member(OrganisationFactory(), role="tutor"), starter)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/formation/suivi/").status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]


class TestRevokePage:
    def test_the_agency_withdraws_an_attestation_with_its_reason(self, client_for, starter):
        tutor = host_member(OrganisationFactory(), role="tutor")
        finish(tutor, starter)
        completion = Completion.objects.get(user=tutor)
        client = client_for(national_admin())
        refused = client.post("/formation/retrait-d-attestation/", {"code": "ZZZ", "reason": "Erreur"})
        assert refused.status_code == 400 and "12 caractères" in refused.content.decode()
        unknown = client.post("/formation/retrait-d-attestation/", {"code": "0123456789AB", "reason": "Erreur"})
        assert unknown.status_code == 400 and "Aucune attestation" in unknown.content.decode()
        client.post("/formation/retrait-d-attestation/", {"code": completion.code, "reason": "Obtenue pour un autre"})
        assert not attestation.verify(completion.code).valid
        again = client.post("/formation/retrait-d-attestation/", {"code": completion.code, "reason": "Encore"})
        assert again.status_code == 400 and "déjà retirée" in again.content.decode()
        for user in (referent("21"), tutor):
            assert client_for(user).get("/formation/retrait-d-attestation/").status_code == 404


def test_the_tutor_s_record_counts_the_courses_completed(client_for, starter):
    tutor = host_member(OrganisationFactory(), role="tutor")
    finish(tutor, starter)
    page = client_for(tutor).get(f"/reseau/tuteurs/{tutor.pk}/").content.decode()
    assert "formation en ligne « Formation depart »" in page
    assert client_for(tutor).get(f"/reseau/tuteurs/{tutor.pk}/").context["record"].trainings == 1
