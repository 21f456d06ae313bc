"""Every list page takes the same number of queries with 3 rows as with 30: what grows with
the data is the rows read, never the statements (bench/pages.py times them at 100,000 posts)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import (
    UserFactory,
    host_member,
    national_admin,
    probation_officer,
    referent,
    spip_director,
)
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import CommuneFactory, commune, departement
from tig.accounts.enums import Role
from tig.accounts.models import Invitation
from tig.measures.models import Attendance
from tig.notifications.enums import NotificationKind
from tig.notifications.models import Notification

pytestmark = pytest.mark.django_db


def organisations(user_kind):
    def setup():
        user = national_admin() if user_kind == "admin" else referent("21")
        dijon = commune("dijon")

        def add(count):
            for _ in range(count):
                PostFactory.create_batch(2, organisation=OrganisationFactory(commune=dijon))

        return user, "/structures/", add

    return setup


def organisation_posts():
    organisation = OrganisationFactory(commune=commune("dijon"))

    def add(count):
        PostFactory.create_batch(count, organisation=organisation)

    return national_admin(), f"/structures/{organisation.pk}/", add


def placements(role):
    def setup():
        organisation = OrganisationFactory(commune=commune("dijon"))
        member = host_member(organisation, role=role)
        officer = probation_officer()

        def add(count):
            for _ in range(count):
                post = PostFactory(organisation=organisation)
                post.tutors.add(member)
                placement = PlacementFactory(
                    post=post, measure=MeasureFactory(service=officer.service, officer=officer)
                )
                Attendance.objects.create(placement=placement, worked_on=date(2026, 11, 2), hours=3, recorded_by=member)

        return member, "/mesures/accueil/", add

    return setup


def caseload(view):
    def setup():
        officer = probation_officer()
        director = spip_director()
        director.service = officer.service
        director.save()

        def add(count):
            for index in range(count):
                measure = MeasureFactory(service=officer.service, officer=officer if index % 2 else None)
                if index % 3 == 0:
                    placement = PlacementFactory(measure=measure, decided_by=director)
                    Attendance.objects.create(
                        placement=placement, worked_on=date(2026, 11, 2), hours=4, recorded_by=officer
                    )

        return director, view, add

    return setup


def notifications():
    user = probation_officer()

    def add(count):
        Notification.objects.bulk_create(
            Notification(user=user, kind=NotificationKind.HOURS_RECORDED, title="Heures saisies", url="/")
            for _ in range(count)
        )

    return user, "/notifications/", add


def invitations():
    admin = national_admin()

    def add(count):
        for index in range(count):
            invitation = Invitation(
                email=f"invite{index}-{Invitation.objects.count()}@exemple.test",
                first_name="Inès",
                last_name="Invitée",
                role=Role.REFERENT,
                created_by=admin,
            )
            invitation.issue_token()
            invitation.save()
            invitation.departements.add(departement("21"))

    return admin, "/invitations/", add


def audit_log():
    admin = national_admin()

    def add(count):
        UserFactory.create_batch(count)  # each creation is an entry of the log

    return admin, "/journal/", add


def departement_search():
    dept = departement("21")

    def add(count):
        for _ in range(count):
            place = CommuneFactory(departement=dept)
            PostFactory(commune=place, organisation=OrganisationFactory(commune=place))

    return probation_officer(), "/postes/?departement=21", add


PAGES = {
    "structures (ATIGIP)": organisations("admin"),
    "structures (référent)": organisations("referent"),
    "postes d'une structure": organisation_posts,
    "personnes accueillies (administrateur)": placements("admin"),
    "personnes accueillies (tuteur)": placements("tutor"),
    "mesures du service": caseload("/mesures/"),
    "vue du service": caseload("/mesures/service/"),
    "notifications": notifications,
    "invitations": invitations,
    "journal des opérations": audit_log,
    "recherche dans un département": departement_search,
}


@pytest.mark.parametrize("page", PAGES)
def test_a_list_page_takes_as_many_queries_for_thirty_rows_as_for_three(client_for, page):
    user, url, add = PAGES[page]()
    client = client_for(user)
    add(3)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"][:120] for q in many.captured_queries]
