"""The alert before an agreement expires (docs/regles.md, P11), sent to the agency by the
platform's reminder engine: from PARTNERSHIP_EXPIRY_NOTICE_DAYS before its end, every 30 days,
until it is renewed (a later agreement of the same partner) or its end is past."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from tig.accounts.enums import Role
from tig.accounts.models import User
from tig.notifications.enums import NotificationKind
from tig.notifications.reminders import Due, Reminder
from tig.partnerships.models import Agreement


class AgreementExpiryReminder(Reminder):
    name = "partnerships.expiry"
    kind = NotificationKind.AGREEMENT_EXPIRY
    every = timedelta(days=30)

    def candidates(self, now: datetime) -> Iterable[Due]:
        today = timezone.localtime(now).date()
        later = Agreement.objects.filter(partner_id=OuterRef("partner_id"), ends_on__gt=OuterRef("ends_on"))
        expiring = (
            Agreement.objects.filter(
                ends_on__gte=today, ends_on__lte=today + timedelta(days=settings.PARTNERSHIP_EXPIRY_NOTICE_DAYS)
            )
            .exclude(Exists(later))
            .select_related("partner")
            .order_by("ends_on", "pk")
        )
        agency = list(User.objects.filter(role=Role.NATIONAL_ADMIN, is_active=True))
        if not agency:
            return
        for agreement in expiring:
            days = (agreement.ends_on - today).days
            yield Due(
                # Its end moved (an amendment), the reminders start over.
                key=f"agreement:{agreement.pk}:{agreement.ends_on:%Y%m%d}",
                title=f"Convention avec {agreement.partner} : échéance le {agreement.ends_on:%d/%m/%Y}",
                body=(
                    f"La convention « {agreement.title} » avec {agreement.partner} arrive à échéance dans {days} jours "
                    f"({agreement.get_renewal_display().lower()}), sans convention qui lui succède. "
                    "Préparez son renouvellement ou enregistrez la suivante."
                ),
                url=reverse("partnerships:detail", args=[agreement.partner_id]),
                users=agency,
            )
