"""The prospecting's reminders, sent by the platform's reminder engine (docs/regles.md, P9):
the referent's weekly digest of what to chase (tig/prospecting/followup.py), and the invitation
to sign up sent again, once, to a target that has not answered."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tig.accounts.enums import Role
from tig.accounts.models import User
from tig.notifications.enums import NotificationKind
from tig.notifications.reminders import Due, Reminder
from tig.notifications.services import send_emails
from tig.prospecting import followup
from tig.prospecting.enums import InteractionKind
from tig.prospecting.models import Interaction
from tig.prospecting.services import invitation_email


class ReferentDigest(Reminder):
    """Once a week, to each referent with something to chase in their départements."""

    name = "prospecting.digest"
    kind = NotificationKind.PROSPECTING_DIGEST
    every = timedelta(days=7)

    def candidates(self, now: datetime) -> Iterable[Due]:
        today = timezone.localtime(now).date()
        referents = User.objects.filter(role=Role.REFERENT, is_active=True).prefetch_related("departements")
        for referent in referents.order_by("pk"):
            codes = sorted(departement.code for departement in referent.departements.all())
            if not codes:
                continue
            days = settings.PROSPECTING_UNTOUCHED_DAYS
            counts = [
                (followup.overdue(codes, referent.pk, today).count(), "en retard sur la prochaine étape"),
                (followup.untouched(codes, referent.pk, now).count(), f"en cours sans action depuis {days} jours"),
                (followup.unanswered(codes, referent.pk, now).count(), "invitées à s'inscrire, sans suite"),
                (
                    len(followup.idle_host_ids(codes, today)),
                    "structures d'accueil à relancer (sans poste ou sans accueil)",
                ),
                (followup.posts_to_confirm(codes, now).count(), "postes inscrits que leur structure doit confirmer"),
            ]
            lines = [f"- {label} : {count}" for count, label in counts if count]
            if not lines:
                continue
            yield Due(
                key=f"referent:{referent.pk}",
                title="Prospection : ce qui attend une relance cette semaine",
                body="Dans vos départements, les cibles et structures :\n" + "\n".join(lines),
                url=reverse("prospecting:followup"),
                users=(referent,),
            )


class TargetInvitationReminder(Reminder):
    """The invitation to sign up sent again to the same address, once, when the organisation has
    not signed up PROSPECTING_INVITATION_WAIT_DAYS later; its referent is told in the digest."""

    name = "prospecting.invitation"
    kind = NotificationKind.PROSPECTING_DIGEST
    every = timedelta(days=365)
    at_most = 1

    def candidates(self, now: datetime) -> Iterable[Due]:
        waiting = (
            followup.unanswered(None, None, now).exclude(invited_email="").select_related("commune", "assigned_to")
        )
        for target in waiting.order_by("pk"):
            subject, body = invitation_email(target, target.assigned_to, reminder=True)
            # One reminder per invitation: inviting again is a new one.
            assert target.invited_at is not None  # unanswered() reads the invited targets only
            key = f"target:{target.pk}:{int(target.invited_at.timestamp())}"
            yield Due(key=key, title=subject, body=body, emails=(target.invited_email,))

    def send(self, due: Due) -> None:
        # The invitation's own words (they greet and sign themselves), noted in the target's log.
        send_emails([(email, due.title, due.body) for email in due.emails])
        target_id = int(due.key.split(":")[1])
        Interaction.objects.create(
            target_id=target_id,
            kind=InteractionKind.EMAIL,
            happened_on=timezone.localdate(),
            summary=f"Invitation à inscrire la structure renvoyée à {', '.join(due.emails)} (relance automatique).",
        )
