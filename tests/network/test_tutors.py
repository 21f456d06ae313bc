"""The tutors' directory and record (tig/network/tutors.py): who is a tutor, the counts of people
hosted and hours supervised (validated hours only), and the attestation."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.accounts.factories import host_member, probation_officer
from tests.measures.factories import MeasureFactory, PlacementFactory
from tests.network.factories import EventFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.measures.models import Attendance
from tig.network import tutors
from tig.network.attestation import attestation
from tig.network.enums import EventKind
from tig.network.models import Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosting():
    """A tutor of a Dijon post: two people placed on it (one by another tutor's welcome, on the
    tutor's post all the same), some hours validated, some not, one set aside; a training attended."""
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    tutor = host_member(organisation, role="tutor", first_name="Paul", last_name="Tuteur")
    post = PostFactory(organisation=organisation, title="Entretien des parcs", places_offered=3)
    post.tutors.add(tutor)
    officer = probation_officer("21")
    measures = [
        MeasureFactory(service=officer.service, officer=officer, last_name=name) for name in ("Secret", "B", "C")
    ]
    first = PlacementFactory(post=post, measure=measures[0])
    second = PlacementFactory(post=post, measure=measures[1])
    elsewhere = PlacementFactory(post=PostFactory(organisation=organisation), measure=measures[2])
    now = timezone.now()
    for placement, day, hours, validated, aside in [
        (first, 1, "3.5", True, False),
        (first, 2, "4", True, False),
        (second, 1, "2", False, False),  # not validated
        (second, 2, "5", True, True),  # set aside
        (elsewhere, 1, "6", True, False),  # another post
    ]:
        Attendance.objects.create(
            placement=placement,
            worked_on=date(2026, 11, day),
            hours=Decimal(hours),
            recorded_by=tutor,
            validated_by=officer if validated else None,
            validated_at=now if validated else None,
            set_aside_at=now if aside else None,
            set_aside_by=officer if aside else None,
        )
    training = EventFactory(kind=EventKind.TRAINING, title="Formation des tuteurs", starts_at=now - timedelta(days=3))
    Participation.objects.create(event=training, user=tutor, registered_at=now, attended=True)
    return tutor, organisation


def test_the_record_counts_persons_and_validated_hours(hosting):
    tutor, organisation = hosting
    record = tutors.record(tutor)
    (tutoring,) = record.tutorings
    assert tutoring.organisation == organisation and tutoring.posts == ["Entretien des parcs"]
    assert (tutoring.persons, tutoring.hours) == (2, Decimal("7.5"))
    assert (record.persons, record.hours, record.trainings) == (2, Decimal("7.5"), 1)


def test_without_the_measures_module_no_person_is_counted(hosting, settings):
    settings.MEASURES_ENABLED = False
    record = tutors.record(hosting[0])
    assert record.persons is None and record.hours is None and record.trainings == 1


def test_the_attestation_names_the_tutor_and_no_person(hosting):
    tutor, _organisation = hosting
    record = tutors.record(tutor)
    content = attestation(record, record.tutorings[0], issued_by="Claire Martin")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    assert "Attestation de tutorat" in text and "Paul Tuteur" in text
    assert "2 personnes accueillies" in text and "7,5 heures" in text and "Formation des tuteurs" in text
    assert "Secret" not in text and "APPI" not in text


def test_the_directory_lists_the_tutors_of_the_departements(hosting):
    tutor, organisation = hosting
    admin = host_member(organisation)  # an administrator who tutors nothing: not listed
    named = host_member(organisation, first_name="Nina")
    organisation.posts.first().tutors.add(named)  # an administrator named tutor of a post: listed
    host_member(OrganisationFactory(commune=commune("lille")), role="tutor")
    lines = list(tutors.directory(["21"]))
    assert {line.user_id for line in lines} == {tutor.pk, named.pk}
    assert admin.pk not in {line.user_id for line in lines}
    counts = tutors.directory_counts(lines)
    assert (counts[tutor.pk, organisation.pk].posts, counts[tutor.pk, organisation.pk].trainings) == (1, 1)
    assert len(list(tutors.directory(None))) == 3
