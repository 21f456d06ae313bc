from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.accounts.factories import lawyer, national_admin, referent
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.audit.models import AppendOnlyError, AuditEntry, Operation, retention_cutoff
from tig.audit.recording import acting_as
from tig.audit.tasks import purge_audit_log

pytestmark = pytest.mark.django_db


def entries_for(instance):
    return AuditEntry.objects.filter(
        object_type=f"{instance._meta.app_label}.{instance._meta.model_name}", object_id=str(instance.pk)
    )


def test_creation_modification_and_deletion_with_author_and_fields():
    author = referent("21")
    with acting_as(author):
        post = PostFactory(title="Avant")
        post.title = "Après"
        post.places_taken = 1
        post.save()
        post.save()  # nothing changed: nothing recorded
        pk = post.pk
        post.delete()
    post.pk = pk
    operations = list(entries_for(post).order_by("id").values_list("operation", "changes", "actor_id", "object_repr"))
    assert operations == [
        (Operation.CREATE, [], author.pk, "Avant"),
        (Operation.UPDATE, ["title", "places_taken"], author.pk, "Après"),
        (Operation.DELETE, [], author.pk, "Après"),
    ]
    entry = entries_for(post).first()
    assert author.email in entry.actor_label


def test_many_to_many_changes_are_modifications():
    post = PostFactory()
    tutor = lawyer()
    post.tutors.add(tutor)
    assert entries_for(post).filter(operation=Operation.UPDATE, changes=["tutors"]).exists()


def test_outside_a_request_the_author_is_the_system():
    organisation = OrganisationFactory()
    assert entries_for(organisation).get().actor_label == "système"
    with acting_as("commande load_demo"):
        other = OrganisationFactory()
    assert entries_for(other).get().actor_label == "système (commande load_demo)"


def test_a_request_records_its_user(client_for):
    admin = national_admin()
    organisation = OrganisationFactory(commune=commune("dijon"))
    data = {
        "name": "Nouveau nom",
        "siret": organisation.siret,
        "legal_type": "collectivite",
        "address": "1 rue",
        "commune": "Dijon (21)",
    }
    client_for(admin).post(f"/structures/{organisation.pk}/modifier/", data)
    entry = entries_for(organisation).get(operation=Operation.UPDATE)
    assert entry.actor_id == admin.pk
    assert entry.changes == ["name", "address"]


def test_entries_cannot_be_changed_or_deleted():
    OrganisationFactory()
    entry = AuditEntry.objects.get()
    entry.object_repr = "falsifié"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(object_repr="falsifié")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().object_repr != "falsifié"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (production)")
def test_the_database_itself_refuses_to_alter_the_log():
    OrganisationFactory()
    with (
        pytest.raises(DatabaseError, match="cannot be modified"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET object_repr = 'falsifié'")
    with (
        pytest.raises(DatabaseError, match="kept three years"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 1


def test_purge_deletes_only_entries_older_than_three_years():
    now = timezone.now()
    old = AuditEntry.objects.create(
        actor_label="x",
        operation=Operation.READ,
        object_type="posts.post",
        object_repr="ancien",
        at=now - timedelta(days=3 * 365 + 2),
    )
    kept = AuditEntry.objects.create(
        actor_label="x",
        operation=Operation.READ,
        object_type="posts.post",
        object_repr="récent",
        at=now - timedelta(days=3 * 365 - 2),
    )
    result = purge_audit_log.enqueue()
    assert result.return_value == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    # The purge itself is traced.
    assert AuditEntry.objects.filter(operation=Operation.DELETE, object_type="lot").exists()


def test_retention_cutoff_is_three_calendar_years(settings):
    settings.AUDIT_RETENTION_YEARS = 3
    now = timezone.now().replace(year=2028, month=2, day=29)
    assert retention_cutoff(now).date().isoformat() == "2025-02-28"


def test_only_national_admins_read_the_log(client_for):
    OrganisationFactory(name="Ville de Test")
    response = client_for(national_admin()).get("/journal/", {"operation": "creation"})
    assert response.status_code == 200
    assert "Ville de Test" in response.text
    for user in (referent("21"), lawyer()):
        assert client_for(user).get("/journal/").status_code == 403


def test_log_filters(client_for):
    OrganisationFactory(name="Ville de Test")
    client = client_for(national_admin())
    assert "Ville de Test" not in client.get("/journal/", {"operation": "suppression"}).text
    assert "Ville de Test" in client.get("/journal/", {"object_type": "organisations.organisation"}).text
    bad = client.get("/journal/", {"start": "2026-13-45"})
    assert bad.status_code == 200
    assert "Saisissez une date valide." in bad.text
    assert "type d&#x27;objet n&#x27;existe pas" in client.get("/journal/", {"object_type": "posts.inconnu"}).text


def test_object_types_are_named_in_french(client_for):
    OrganisationFactory(name="Ville de Test")
    import html

    page = html.unescape(
        client_for(national_admin()).get("/journal/", {"object_type": "organisations.organisation"}).text
    )
    assert "(Structure d'accueil n°" in page and "organisations.organisation n°" not in page
    assert '<option value="measures.measure">Mesure</option>' in page


def test_the_log_exports_as_csv_what_the_filters_select(client_for):
    import csv
    import io

    OrganisationFactory(name="Ville de Test")
    OrganisationFactory(name="Ville d'Essai")
    response = client_for(national_admin()).get("/journal/export.csv", {"object_type": "organisations.organisation"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Date et heure", "Auteur", "Nature", "Type d'objet"]
    assert sorted(row[5] for row in rows[1:]) == ["Ville d'Essai", "Ville de Test"]
    assert {row[3] for row in rows[1:]} == {"Structure d'accueil"}
    # The export is itself in the log; nobody else may export it.
    assert AuditEntry.objects.filter(object_type="lot", object_repr="export du journal des opérations").count() == 1
    assert client_for(referent("21")).get("/journal/export.csv").status_code == 403
