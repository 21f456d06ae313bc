"""The network's pages (tig/network/views.py): the refusals (404), bad input answered in French
with nothing saved, the directory's export and the attestation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.accounts.factories import host_member, lawyer, national_admin, referent, spip_director
from tests.network.factories import EventFactory
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune
from tig.audit.enums import Operation
from tig.audit.models import AuditEntry
from tig.network.models import Event, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def dijon():
    organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
    return {
        "organisation": organisation,
        "admin": host_member(organisation),
        "tutor": host_member(organisation, role="tutor", last_name="Tuteur"),
    }


def moment(days: int) -> str:
    return f"{timezone.localtime(timezone.now() + timedelta(days=days)):%Y-%m-%dT%H:%M}"


EVENT = {
    "title": "Réunion d'information",
    "kind": "information",
    "audience": "members",
    "departement": "21",
    "place": "Dijon",
}


class TestEventPages:
    def test_a_referent_creates_and_invites(self, client_for, dijon):
        client = client_for(referent("21"))
        response = client.post("/reseau/rencontres/nouvelle/", {**EVENT, "starts_at": moment(5), "ends_at": moment(6)})
        event = Event.objects.get()
        assert response.url == f"/reseau/rencontres/{event.pk}/"
        assert client.post(f"/reseau/rencontres/{event.pk}/inviter/").status_code == 302
        assert event.participations.count() == 2

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"departement": "59"}, "Sélectionnez un choix valide"),
            ({"ends_at": moment(4)}, "La fin de la rencontre suit son début"),
            ({"starts_at": "demain", "ends_at": "après-demain"}, "Saisissez une date et une heure valides"),
            ({"place": ""}, "Indiquez le lieu de la rencontre ou son lien de connexion"),
            ({"capacity": "0"}, "supérieure ou égale à 1"),
            ({"starts_at": moment(-2), "ends_at": moment(-1)}, "ne peut pas commencer dans le passé"),
        ],
    )
    def test_bad_input_is_answered_in_french(self, client_for, change, message):
        data = {**EVENT, "starts_at": moment(5), "ends_at": moment(6), **change}
        response = client_for(referent("21")).post("/reseau/rencontres/nouvelle/", data)
        assert response.status_code == 400 and message in response.content.decode()
        assert not Event.objects.exists()

    def test_who_sees_an_event(self, client_for, dijon):
        event = EventFactory()
        url = f"/reseau/rencontres/{event.pk}/"
        assert client_for(dijon["tutor"]).get(url).status_code == 200
        assert client_for(host_member(OrganisationFactory(commune=commune("lille")))).get(url).status_code == 404
        assert client_for(referent("59")).get(url).status_code == 404
        for make in (lawyer, spip_director):
            assert client_for(make()).get(url).status_code == 404
            assert client_for(make()).get("/reseau/").status_code == 404

    def test_a_member_registers_and_the_organiser_marks_attendance(self, client_for, dijon):
        event = EventFactory()
        assert client_for(dijon["tutor"]).post(f"/reseau/rencontres/{event.pk}/inscription/").status_code == 302
        Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
        organiser = client_for(event.organiser)
        page = organiser.get(f"/reseau/rencontres/{event.pk}/").content.decode()
        assert f'name="presence-{dijon["tutor"].pk}"' in page
        bad = organiser.post(
            f"/reseau/rencontres/{event.pk}/presences/", {f"presence-{dijon['tutor'].pk}": "peut-être"}
        )
        assert bad.status_code == 400 and "présent" in bad.content.decode()
        stranger = organiser.post(f"/reseau/rencontres/{event.pk}/presences/", {f"presence-{dijon['admin'].pk}": "1"})
        assert stranger.status_code == 400
        assert not Participation.objects.filter(attended__isnull=False).exists()
        organiser.post(f"/reseau/rencontres/{event.pk}/presences/", {f"presence-{dijon['tutor'].pk}": "1"})
        assert Participation.objects.get(user=dijon["tutor"]).attended is True
        # A member cannot mark attendance.
        assert client_for(dijon["admin"]).post(f"/reseau/rencontres/{event.pk}/presences/", {}).status_code == 400

    def test_a_full_event_is_answered_in_french(self, client_for, dijon):
        event = EventFactory(capacity=1)
        client_for(dijon["admin"]).post(f"/reseau/rencontres/{event.pk}/inscription/")
        response = client_for(dijon["tutor"]).post(f"/reseau/rencontres/{event.pk}/inscription/")
        assert response.status_code == 400 and "complète" in response.content.decode()


class TestTutorPages:
    def test_the_directory_is_the_referents(self, client_for, dijon):
        page = client_for(referent("21")).get("/reseau/tuteurs/").content.decode()
        assert "Tuteur" in page and dijon["tutor"].email in page
        assert dijon["tutor"].email not in client_for(referent("59")).get("/reseau/tuteurs/").content.decode()
        assert client_for(dijon["admin"]).get("/reseau/tuteurs/").status_code == 404
        download = client_for(national_admin()).get("/reseau/tuteurs/?format=xlsx")
        assert download["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_the_record_and_its_attestation(self, client_for, dijon):
        tutor, organisation = dijon["tutor"], dijon["organisation"]
        record, pdf = f"/reseau/tuteurs/{tutor.pk}/", f"/reseau/tuteurs/{tutor.pk}/attestation/{organisation.pk}/"
        assert client_for(tutor).get("/reseau/mon-parcours/").url == record
        for user in (tutor, dijon["admin"], referent("21"), national_admin()):
            assert client_for(user).get(record).status_code == 200
            assert client_for(user).get(pdf)["Content-Type"] == "application/pdf"
        other_host = host_member(OrganisationFactory(commune=commune("dijon")))
        for user in (referent("59"), other_host, lawyer()):
            assert client_for(user).get(record).status_code == 404
            assert client_for(user).get(pdf).status_code == 404
        elsewhere = OrganisationFactory()
        assert client_for(tutor).get(f"/reseau/tuteurs/{tutor.pk}/attestation/{elsewhere.pk}/").status_code == 404
        reads = AuditEntry.objects.filter(operation=Operation.READ, object_id=str(tutor.pk))
        assert ["attestation de tutorat"] in list(reads.values_list("changes", flat=True))
