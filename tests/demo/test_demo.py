import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.test import Client
from django.utils import timezone

from tests.territories.factories import CommuneFactory, load_departements
from tig.accounts.enums import MagistrateFunction, Role
from tig.accounts.models import User
from tig.organisations.models import Organisation
from tig.posts.enums import ActivityDomain, PostStatus
from tig.posts.models import Post, Session
from tig.territories.models import Commune

pytestmark = pytest.mark.django_db


def test_demo_data_for_the_pilot_sites():
    load_departements("21", "71", "59", "62")
    call_command("load_demo")
    posts = Post.objects.all()
    assert posts.count() >= 300
    assert set(posts.values_list("commune__departement_id", flat=True).distinct()) == {"21", "71", "59", "62"}
    assert set(posts.values_list("domain", flat=True)) == set(ActivityDomain.values)
    assert posts.filter(status=PostStatus.ACTIVE).count() >= 300
    assert posts.filter(status=PostStatus.DRAFT).exists()
    assert {"Ville de Dijon", "Ville de Mâcon", "Ville de Lille", "Ville de Béthune"} <= set(
        Organisation.objects.values_list("name", flat=True)
    )
    assert set(Organisation.objects.values_list("legal_type", flat=True)) >= {
        "collectivite",
        "etablissement_public",
        "association",
    }
    # One account per role, every magistrate function.
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(User.objects.exclude(magistrate_function="").values_list("magistrate_function", flat=True)) == set(
        MagistrateFunction.values
    )
    assert User.objects.get(email="cpip.dijon@demo.tig.test").check_password("Demo-TIG-2026")
    # The README's API key: the lawyer's search through the API.
    answer = Client(headers={"Authorization": "Bearer tig_demonstration-avocat-dijon"}).get(
        "/api/v1/postes/", {"lieu": "Dijon", "rayon": 20}
    )
    assert answer.status_code == 200 and answer.json()["total"] > 0
    # The interregional level of the statistics, counted in today's snapshot.
    from tig.stats.models import Snapshot

    east = Snapshot.objects.filter(indicator="posts", level="disp", code="demo-disp-e").latest("day").value
    posts_days = Snapshot.objects.filter(indicator="posts").values("day").distinct().count()
    assert posts_days == 2  # the end of last quarter, and today
    assert Snapshot.objects.values("day").distinct().count() > posts_days  # and the backfilled quarters
    assert east == Post.objects.filter(listed=True, commune__departement__in=["21", "71"]).count() > 0

    # The prospecting: the towns linked to their town halls, a pipeline per referent.
    from tig.prospecting import followup, objectives
    from tig.prospecting.enums import ObjectiveMetric, Stage
    from tig.prospecting.models import Objective, Target

    assert Target.objects.get(organisation__name="Ville de Dijon").stage == Stage.ACTIVE
    assert Target.objects.filter(assigned_to__email="referent.nord@demo.tig.test").overdue().count() == 1
    assert Target.objects.filter(assigned_to__email="referent.bourgogne@demo.tig.test").count() == 4
    # What the Burgundy referent has to chase, and the year's objectives (P9, P10).
    burgundy = ["21", "71"]
    assert [target.name for target in followup.unanswered(burgundy)] == ["Mairie de Longvic"]
    assert [host.organisation.name for host in followup.idle_hosts(burgundy)] == ["Recyclerie dijonnaise"]
    assert followup.posts_to_confirm(burgundy).count() == 1
    _day, rows = objectives.progress(list(Objective.objects.all()))
    assert len(rows) == 6 and all(row.value > 0 for row in rows if row.objective.metric != ObjectiveMetric.NEW_HOSTS)

    # The national partnerships (P11): a network by hand, one by the SIREN, an agreement expiring.
    from tig.partnerships import network
    from tig.partnerships.enums import LinkMethod
    from tig.partnerships.models import Partner
    from tig.partnerships.reminders import AgreementExpiryReminder

    hlm, la_poste = Partner.objects.get(name="Union sociale pour l'habitat"), Partner.objects.get(name="La Poste")
    figures = network.figures(hlm.pk, None, secrecy=True)
    assert [line.code for line in figures.lines] == ["21", "59"] and figures.total.posts > 0
    assert hlm.coordinators.get().user.email == "coordination.hlm@demo.tig.test"
    assert {branch.method for branch in la_poste.branches.all()} == {LinkMethod.SIREN}
    assert [due.key.split(":")[1] for due in AgreementExpiryReminder().candidates(timezone.now())] == [
        str(la_poste.agreements.get().pk)
    ]

    # The network: a training attended by the Dijon tutor, a webinar to come he registered for.
    from tig.network import tutors
    from tig.network.enums import EventKind
    from tig.network.models import Event as NetworkEvent

    tutor = User.objects.get(email="tuteur.dijon@demo.tig.test")
    record = tutors.record(tutor)
    assert record.trainings == 1 and record.persons and record.hours
    webinar = NetworkEvent.objects.get(kind=EventKind.WEBINAR)
    assert webinar.participations.filter(user=tutor, registered_at__isnull=False).exists()
    assert webinar.participations.filter(invited_at__isnull=False).count() > 1

    # The training: the starter course, the Dijon tutor's first module read.
    from tig.training.models import LessonDone

    assert LessonDone.objects.filter(user=tutor).count() == 1
    from tig.training.models import Completion, Course, CourseVersion, Invitation

    assert Invitation.objects.filter(user=tutor).exists()
    assert Completion.objects.filter(user__email="mairie.dijon@demo.tig.test").exists()
    local = Course.objects.get(departement_id="21")
    assert list(local.versions.values_list("status", flat=True)) == ["draft", "published"]

    # The collective worksite: four Saturdays of six places, two supervisors, three people enrolled
    # by the director; last Saturday's sheet waits for the supervisors.
    from tig.collective.models import Enrolment

    worksite = Post.objects.get(collective=True, title__contains="vestiaires")
    now = timezone.now()
    ahead = worksite.sessions.filter(starts_at__gt=now)
    assert list(ahead.values_list("capacity", "seats_taken")) == [(6, 3)] * 4
    assert worksite.listed and worksite.supervisors.count() == 2
    assert Enrolment.objects.to_mark().filter(session__post=worksite, session__starts_at__lt=now).count() == 3
    assert set(worksite.placements.values_list("decided_by__email", flat=True)) == {"dspip.dijon@demo.tig.test"}

    counts = (
        Post.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        Target.objects.count(),
        Objective.objects.count(),
        Partner.objects.count(),
        NetworkEvent.objects.count(),
        CourseVersion.objects.count(),
        Session.objects.count(),
    )
    call_command("load_demo")
    assert (
        Post.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        Target.objects.count(),
        Objective.objects.count(),
        Partner.objects.count(),
        NetworkEvent.objects.count(),
        CourseVersion.objects.count(),
        Session.objects.count(),
    ) == counts


def test_generate_posts_like_the_population():
    load_departements("75", "23", "21")
    paris = Commune.objects.get(code="75056")
    for number in range(1, 21):
        CommuneFactory(
            code=f"751{number:02d}",
            name=f"Paris {number}e",
            departement_id="75",
            parent=paris,
            population=100_000,
            lat=48.86,
            lon=2.34,
        )
    call_command("generate_posts", "2000", "--seed", "7")
    posts = Post.objects.all()
    assert posts.count() == 2000
    # Paris through its arrondissements, never as one point.
    assert not posts.filter(commune=paris).exists()
    assert posts.filter(commune__parent=paris).count() > 100
    assert not posts.exclude(status=PostStatus.ACTIVE).exists()
    # Paris and its neighbours weigh far more than the Creuse.
    assert posts.filter(commune__departement_id="75").count() > 10 * max(
        posts.filter(commune__departement_id="23").count(), 1
    )
    assert not posts.filter(places_taken__gt=F("places_offered")).exists()


def test_demo_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
    with pytest.raises(CommandError, match="production"):
        call_command("generate_posts", "10")
