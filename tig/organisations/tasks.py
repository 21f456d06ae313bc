"""E-mails and upkeep of organisation sign-ups. The task mints the confirmation link
itself, so that no token is ever stored in the task queue's table."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from tig.accounts.models import User
from tig.audit.recording import acting_as
from tig.organisations.models import SignUp


@task
def send_signup_confirmation(signup_id: int) -> bool:
    """Mail the link that confirms a sign-up. If the address already has an account, say
    so instead: the sign-up page answers the same in both cases, so that it does not tell
    a stranger which addresses have an account."""
    with acting_as("envoi de confirmation d'inscription"), transaction.atomic():
        signup = SignUp.objects.select_for_update().select_related("commune").filter(pk=signup_id).first()
        if signup is None:
            return False
        if User.objects.filter(email=signup.email).exists():
            signup.delete()
            link, template = settings.SITE_URL + reverse("accounts:login"), "organisations/emails/signup_existing.txt"
        else:
            token = signup.issue_token()
            signup.save(update_fields=["token_hash", "expires_at"])
            link = settings.SITE_URL + reverse("organisations:confirm_signup", args=[token])
            template = "organisations/emails/signup.txt"
    body = render_to_string(template, {"signup": signup, "link": link})
    send_mail("Inscription de votre structure sur la plateforme TIG", body, settings.DEFAULT_FROM_EMAIL, [signup.email])
    return True


@task
def purge_signups() -> int:
    """Forget the sign-ups nobody confirmed in time."""
    with acting_as("purge des inscriptions non confirmées"):
        expired = list(SignUp.objects.expired())
        for signup in expired:
            signup.delete()  # one by one: each deletion is in the audit log
    return len(expired)
