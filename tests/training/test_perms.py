"""Who follows, writes and follows up the training (tig/training/perms.py), as a table of roles
and actions: a tutor never writes; a referent writes for their départements, nationally only when
the agency allowed it; a version is published by someone else than who sent it for review."""

import pytest

from tests.accounts.factories import (
    host_member,
    lawyer,
    national_admin,
    partner_coordinator,
    probation_officer,
    referent,
    spip_director,
)
from tests.organisations.factories import OrganisationFactory
from tig.training import perms

ROLES = {
    "agency": lambda: national_admin(),
    "referent_21": lambda: referent("21"),
    "host_admin": lambda: host_member(OrganisationFactory(), role="admin"),
    "tutor": lambda: host_member(OrganisationFactory(), role="tutor"),
    "officer": lambda: probation_officer(),
    "director": lambda: spip_director(),
    "lawyer": lambda: lawyer(),
    "coordinator": lambda: partner_coordinator(),
}

# role: (learn, write for 21, write for 59, write national, write national if allowed, follow up, revoke)
TABLE = {
    "agency": (True, True, True, True, True, True, True),
    "referent_21": (True, True, False, False, True, True, False),
    "host_admin": (True, False, False, False, False, True, False),
    "tutor": (True, False, False, False, False, False, False),
    "officer": (False, False, False, False, False, False, False),
    "director": (False, False, False, False, False, False, False),
    "lawyer": (False, False, False, False, False, False, False),
    "coordinator": (False, False, False, False, False, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(TABLE))
def test_the_table(role):
    user = ROLES[role]()
    found = (
        perms.can_learn(user),
        perms.can_author(user, "21"),
        perms.can_author(user, "59"),
        perms.can_author(user, None),
        perms.can_author(user, None, national_author=True),
        perms.can_follow_up(user),
        perms.can_revoke_attestation(user),
    )
    assert found == TABLE[role]


@pytest.mark.django_db
def test_a_version_is_published_by_another_author_but_the_agency_may_publish_its_own():
    author, other, agency = referent("21"), referent("21"), national_admin()
    assert not perms.can_publish(author, "21", author.pk)
    assert perms.can_publish(other, "21", author.pk)
    assert perms.can_publish(agency, "21", agency.pk)
    assert not perms.can_publish(referent("59"), "21", author.pk)


@pytest.mark.django_db
def test_a_departement_s_course_is_seen_by_its_learners_only():
    tutor = host_member(OrganisationFactory(), role="tutor")
    assert perms.sees_course(tutor, None, ["21"])
    assert perms.sees_course(tutor, "21", ["21"])
    assert not perms.sees_course(tutor, "59", ["21"])
    assert perms.sees_course(national_admin(), "59", None)
    assert not perms.sees_course(lawyer(), None, None)
    inactive = referent("21", is_active=False)
    assert not perms.can_author(inactive, "21") and not perms.can_learn(inactive)
