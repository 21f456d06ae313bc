"""E-mails of the accounts app. The tasks mint the secret links themselves, so that no
token is ever stored in the task queue's table."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tig.accounts.models import Invitation, User
from tig.audit.recording import acting_as


@task
def send_invitation(invitation_id: int) -> bool:
    """Issue a fresh link for a pending invitation (valid INVITATION_VALIDITY_DAYS) and mail it."""
    with acting_as("envoi d'invitation"), transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id, accepted_at__isnull=True).first()
        if invitation is None:
            return False
        token = invitation.issue_token()
        invitation.save(update_fields=["token_hash", "expires_at"])
    link = settings.SITE_URL + reverse("accounts:accept_invitation", args=[token])
    body = render_to_string("accounts/emails/invitation.txt", {"invitation": invitation, "link": link})
    send_mail("Votre accès à la plateforme TIG", body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return True


@task
def send_password_reset(user_id: int) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": settings.SITE_URL + path,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    body = render_to_string("accounts/emails/password_reset.txt", context)
    send_mail("Réinitialisation de votre mot de passe", body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
