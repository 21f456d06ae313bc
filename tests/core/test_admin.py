import pytest

from tests.accounts.factories import national_admin, referent
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/service/",
        "/admin/organisations/organisation/",
        "/admin/posts/post/",
        "/admin/territories/commune/",
        "/admin/audit/auditentry/",
    ],
)
def test_the_agency_administers_reference_data_and_users(client_for, url):
    PostFactory(organisation=OrganisationFactory())
    assert client_for(national_admin(is_staff=True, is_superuser=True)).get(url).status_code == 200


def test_the_audit_log_cannot_be_changed_from_the_admin(client_for):
    OrganisationFactory()
    from tig.audit.models import AuditEntry

    entry = AuditEntry.objects.first()
    client = client_for(national_admin(is_staff=True, is_superuser=True))
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_other_roles_have_no_admin(client):
    client.force_login(referent("21"))
    assert client.get("/admin/").status_code == 302
