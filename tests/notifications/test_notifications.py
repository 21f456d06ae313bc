from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from tests.accounts.factories import probation_officer
from tig.notifications.enums import EmailStatus, NotificationKind
from tig.notifications.models import Email, MutedKind, Notification
from tig.notifications.services import notify
from tig.notifications.tasks import MAX_ATTEMPTS, retry_emails

pytestmark = pytest.mark.django_db


def test_a_failed_email_is_kept_and_sent_by_a_later_retry(mailoutbox, django_capture_on_commit_callbacks):
    user = probation_officer()
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("serveur absent")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify([user], NotificationKind.DECISION, "Décision", "Texte")
    email = Email.objects.get()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.PENDING, 1, "serveur absent")
    assert mailoutbox == []
    Email.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    assert retry_emails.call() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and len(mailoutbox) == 1
    assert retry_emails.call() == 0  # nothing sent twice


def test_an_email_is_abandoned_after_the_last_attempt(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify([probation_officer()], NotificationKind.DECISION, "Décision")
    Email.objects.update(attempts=MAX_ATTEMPTS - 1, created_at=timezone.now() - timedelta(hours=1))
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refus")):
        retry_emails.call()
    assert Email.objects.get().status == EmailStatus.FAILED


def test_optional_kinds_can_be_muted_the_others_cannot(client_for):
    user = probation_officer()
    client = client_for(user)
    response = client.post("/notifications/preferences/", {"received": []})
    assert response.status_code == 302
    assert set(MutedKind.objects.filter(user=user).values_list("kind", flat=True)) == {
        NotificationKind.FILE_SUBMITTED,
        NotificationKind.OPINION_GIVEN,
        NotificationKind.FILE_DECIDABLE,
        NotificationKind.ORGANISATION_SIGNED_UP,
        NotificationKind.HOURS_RECORDED,
    }
    notify([user], NotificationKind.OPINION_GIVEN, "Facultative")
    notify([user], NotificationKind.DECISION, "Obligatoire")
    assert list(Notification.objects.values_list("title", flat=True)) == ["Obligatoire"]
    assert client.post("/notifications/preferences/", {"received": ["decision"]}).status_code == 400


def test_the_list_is_ones_own_and_opening_marks_read(client_for):
    user, other = probation_officer(), probation_officer()
    mine = notify([user], NotificationKind.DECISION, "La mienne", url="/dossiers/")[0]
    theirs = notify([other], NotificationKind.DECISION, "La sienne")[0]
    client = client_for(user)
    page = client.get("/notifications/").text
    assert "La mienne" in page and "La sienne" not in page
    assert "Notifications (1" in page
    assert client.post(f"/notifications/{theirs.pk}/ouvrir/").status_code == 404
    assert client.post(f"/notifications/{mine.pk}/ouvrir/")["Location"] == "/dossiers/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_the_prospecting_digest_is_offered_to_the_referents_only(client_for):
    from tests.accounts.factories import referent

    officer_page = client_for(probation_officer()).get("/notifications/preferences/").content.decode()
    assert "Relances de la prospection" not in officer_page
    me = referent("21")
    client = client_for(me)
    assert "Relances de la prospection" in client.get("/notifications/preferences/").content.decode()
    client.post("/notifications/preferences/", {"received": []})
    assert MutedKind.objects.filter(user=me, kind=NotificationKind.PROSPECTING_DIGEST).exists()
