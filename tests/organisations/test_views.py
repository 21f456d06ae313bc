import pytest

from tests.accounts.factories import (
    host_member,
    lawyer,
    magistrate,
    national_admin,
    probation_officer,
    referent,
)
from tests.organisations.factories import OrganisationFactory, experiment
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.audit.models import AuditEntry, Operation
from tig.organisations.models import Organisation, SocieteAMissionExperiment, societe_a_mission_allowed
from tig.posts.enums import PostStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")


def organisation_data(**overrides):
    data = {
        "name": "Association des Jardins du Suzon",
        "siret": "732 829 320 00074",
        "legal_type": "association",
        "address": "3 rue du Suzon",
        "commune": "Dijon (21)",
        "email": "contact@jardins.test",
    }
    return {**data, **overrides}


class TestPage:
    def test_shows_active_posts_and_is_audited(self, client_for, organisation):
        PostFactory(organisation=organisation, title="Actif")
        PostFactory(organisation=organisation, title="Brouillon", status=PostStatus.DRAFT)
        user = magistrate()
        response = client_for(user).get(f"/structures/{organisation.pk}/")
        assert response.status_code == 200
        assert "Ville de Dijon" in response.text
        assert "Habilitée de droit" in response.text
        assert "Actif" in response.text and ">Brouillon<" not in response.text
        assert "Gérer les membres" not in response.text
        assert AuditEntry.objects.filter(
            operation=Operation.READ, object_type="organisations.organisation", actor_id=user.pk
        ).exists()

    def test_members_see_drafts_and_members(self, client_for, organisation):
        PostFactory(organisation=organisation, title="Brouillon", status=PostStatus.DRAFT)
        admin = host_member(organisation, first_name="Laurence", last_name="Bernard")
        response = client_for(admin).get(f"/structures/{organisation.pk}/")
        assert ">Brouillon<" in response.text
        assert "Gérer les membres" in response.text

    def test_only_the_referents_of_its_departement_are_offered_to_add_a_post(self, client_for, organisation):
        own, other = client_for(referent("21")), client_for(referent("59"))
        assert "Ajouter un poste" in own.get(f"/structures/{organisation.pk}/").text
        assert "Ajouter un poste" not in other.get(f"/structures/{organisation.pk}/").text
        assert other.get(f"/postes/nouveau/?structure={organisation.pk}").status_code == 403

    def test_host_staff_cannot_open_another_organisation(self, client_for, organisation):
        other = OrganisationFactory()
        assert client_for(host_member(organisation)).get(f"/structures/{other.pk}/").status_code == 404

    def test_the_list_is_for_referents_and_admins(self, client_for, organisation):
        OrganisationFactory(commune=commune("lille"), name="Ville de Lille")
        page = client_for(referent("21")).get("/structures/").text
        assert "Ville de Dijon" in page and "Ville de Lille" not in page
        page = client_for(national_admin()).get("/structures/", {"q": "lille"}).text
        assert "Ville de Lille" in page and "Ville de Dijon" not in page
        assert client_for(lawyer()).get("/structures/").status_code == 403

    def test_a_host_member_is_taken_to_their_organisation(self, client_for, organisation):
        response = client_for(host_member(organisation)).get("/structures/")
        assert response["Location"] == f"/structures/{organisation.pk}/"


class TestEditing:
    def test_a_referent_registers_an_organisation(self, client_for):
        commune("dijon")
        response = client_for(referent("21")).post("/structures/nouvelle/", organisation_data())
        organisation = Organisation.objects.get()
        assert response["Location"] == f"/structures/{organisation.pk}/"
        assert organisation.siret == "73282932000074"
        assert organisation.habilitation_required

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"siret": "73282932000075"}, "Ce numéro SIRET n&#x27;est pas valide"),
            ({"siret": "123"}, "Le numéro SIRET doit comporter 14 chiffres."),
            (
                {"commune": "Lille (59)"},
                "Lille (59) n&#x27;est pas dans un des départements que vous suivez.",
            ),
            ({"legal_type": "mafia"}, "Sélectionnez un choix valide"),
            ({"name": ""}, "Ce champ est obligatoire."),
        ],
    )
    def test_bad_input_saves_nothing(self, client_for, overrides, message):
        commune("dijon")
        commune("lille")
        response = client_for(referent("21")).post("/structures/nouvelle/", organisation_data(**overrides))
        assert response.status_code == 400
        assert message in response.text
        assert not Organisation.objects.exists()

    def test_a_societe_a_mission_only_where_the_experiment_is_open(self, client_for):
        commune("dijon")
        commune("paris")
        experiment("75")
        experiment("21", open_today=False)
        admin = national_admin()
        refused = client_for(admin).post("/structures/nouvelle/", organisation_data(legal_type="societe_a_mission"))
        assert refused.status_code == 400 and "expérimentation" in refused.text
        client_for(admin).post(
            "/structures/nouvelle/", organisation_data(legal_type="societe_a_mission", commune="Paris (75)")
        )
        registered = Organisation.objects.get()
        # Registered while the experiment ran, it keeps its type when other details change…
        data = organisation_data(legal_type="societe_a_mission", commune="Paris (75)", name="Nouveau nom")
        assert client_for(admin).post(f"/structures/{registered.pk}/modifier/", data).status_code == 302
        # …but cannot move to a département outside it.
        moved = client_for(admin).post(f"/structures/{registered.pk}/modifier/", {**data, "commune": "Dijon (21)"})
        assert moved.status_code == 400
        registered.refresh_from_db()
        assert registered.name == "Nouveau nom" and registered.commune.departement_id == "75"

    def test_the_migration_loads_the_2020_and_2025_lists(self):
        import importlib
        from datetime import date

        from django.apps import apps

        migration = importlib.import_module("tig.organisations.migrations.0003_experiment_departements")
        SocieteAMissionExperiment.objects.all().delete()
        migration.load(apps, None)
        migration.load(apps, None)  # idempotent
        assert SocieteAMissionExperiment.objects.filter(starts_on=date(2025, 3, 6)).count() == 20
        assert SocieteAMissionExperiment.objects.filter(starts_on=date(2020, 1, 20)).count() == 20
        assert societe_a_mission_allowed("21", date(2021, 6, 1))
        assert not societe_a_mission_allowed("21", date(2026, 1, 1))
        assert societe_a_mission_allowed("75", date(2026, 1, 1))
        assert not societe_a_mission_allowed("75", date(2028, 1, 1))

    def test_a_siret_is_registered_once(self, client_for, organisation):
        response = client_for(national_admin()).post(
            "/structures/nouvelle/", organisation_data(siret=organisation.siret)
        )
        assert response.status_code == 400
        assert "existe déjà" in response.text

    @pytest.mark.parametrize("make_user", [lawyer, probation_officer, lambda: referent("59")])
    def test_others_cannot_edit(self, client_for, organisation, make_user):
        response = client_for(make_user()).post(
            f"/structures/{organisation.pk}/modifier/", organisation_data(name="Pirate")
        )
        assert response.status_code == 403
        organisation.refresh_from_db()
        assert organisation.name == "Ville de Dijon"

    def test_a_tutor_cannot_edit_but_the_admin_can(self, client_for, organisation):
        url = f"/structures/{organisation.pk}/modifier/"
        data = organisation_data(siret=organisation.siret, legal_type="collectivite", name="Ville de Dijon (mairie)")
        assert client_for(host_member(organisation, role="tutor")).post(url, data).status_code == 403
        assert client_for(host_member(organisation)).post(url, data).status_code == 302
        organisation.refresh_from_db()
        assert organisation.name == "Ville de Dijon (mairie)"

    def test_host_staff_cannot_create_organisations(self, client_for, organisation):
        assert (
            client_for(host_member(organisation)).post("/structures/nouvelle/", organisation_data()).status_code == 403
        )
