"""What the partnerships follow by themselves: a new organisation whose SIREN is a partner's joins
its network; an invited coordinator's new account is attached to its partner. Both in the
transaction of the step that triggers them."""

from typing import Any

from django.db.models.signals import post_save

from tig.accounts.models import Invitation, User
from tig.accounts.signals import invitation_accepted
from tig.organisations.models import Organisation
from tig.partnerships import services


def _organisation_saved(
    sender: type[Organisation], instance: Organisation, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        services.join_by_siren(instance)


def _invitation_accepted(sender: Any, invitation: Invitation, user: User, **kwargs: Any) -> None:
    services.attach_coordinator(invitation, user)


def connect() -> None:
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="partnerships.organisation_saved")
    invitation_accepted.connect(_invitation_accepted, dispatch_uid="partnerships.invitation_accepted")
