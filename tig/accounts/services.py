"""The steps of the accounts app: sending an invitation, accepting one. Each runs in one
transaction; a refusal is a `Refused` with its French message."""

from django.db import transaction
from django.utils import timezone

from tig.accounts import perms
from tig.accounts.models import Invitation, User
from tig.accounts.signals import invitation_accepted
from tig.accounts.tasks import send_invitation
from tig.core.exceptions import Refused


def send(invitation: Invitation, departements=()) -> Invitation:
    """Record a new invitation (its inviter set) and mail its link once the transaction commits."""
    if not perms.can_invite(invitation.created_by, invitation.role):
        raise Refused("Vous ne pouvez pas inviter une personne dans ce rôle.")
    with transaction.atomic():
        if Invitation.objects.pending().filter(email=invitation.email).exists():
            raise Refused("Une invitation est déjà en attente pour cette adresse.")
        invitation.issue_token()  # a placeholder: the e-mail task issues the link it sends
        invitation.save()
        invitation.departements.set(departements)
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
    return invitation


def accept(invitation: Invitation, data: dict) -> User:
    """Create the invited person's account. Locked, so that two submissions cannot both
    create one; refused once the invitation is spent or expired, or the address taken."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable or User.objects.filter(email=invitation.email).exists():
            raise Refused("Cette invitation n'est plus valable.")
        user = User.objects.create_user(
            invitation.email,
            data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            role=invitation.role,
            magistrate_function=invitation.magistrate_function,
            service=invitation.service,
            bar=invitation.bar,
        )
        user.departements.set(invitation.departements.all())
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return user
