"""Each step of the network's events that changes something (docs/regles.md, P15): it checks the
permission, locks the event and saves in one transaction; the audit log follows the model signals.
Registration takes a seat like a post's places: the event locked, the registered counted, so two
last registrations never both get the last seat."""

from collections.abc import Mapping

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tig.accounts.models import User
from tig.core.exceptions import Refused, refuse_invalid
from tig.network import perms
from tig.network.enums import Audience
from tig.network.models import Event, Participation
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify
from tig.organisations.models import Membership

# Said to whoever may not run an event: a host member as well as another département's referent.
NOT_ORGANISER = "Seuls le référent du département de cette rencontre et l'ATIGIP la gèrent."


def member_places(user: User) -> list[tuple[str, str]]:
    """The (département, membership role) pairs of a host member's organisations."""
    if not user.is_host_staff:
        return []
    return list(user.memberships.values_list("organisation__commune__departement_id", "role"))


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _when(event: Event) -> str:
    return f"{timezone.localtime(event.starts_at):%d/%m/%Y à %H:%M}"


def create_event(user: User, event: Event) -> Event:
    if not perms.can_organise(user, event.departement_id):
        raise Refused("Vous ne pouvez organiser de rencontre que dans vos départements.")
    if event.starts_at <= timezone.now():
        raise Refused("La rencontre ne peut pas commencer dans le passé.")
    event.organiser = user
    refuse_invalid(event)
    with transaction.atomic():
        event.save()
    return event


def audience(event: Event) -> list[User]:
    """The active members meant by the event: its audience's roles, in its département (every
    département for a national event)."""
    members = Membership.objects.filter(role__in=perms.AUDIENCE_ROLES[Audience(event.audience)], user__is_active=True)
    if event.departement_id:
        members = members.filter(organisation__commune__departement_id=event.departement_id)
    return list(User.objects.filter(pk__in=members.values("user_id")).order_by("pk"))


def invite(user: User, event: Event) -> int:
    """Invite the event's audience (those not invited yet): a notification and an e-mail each."""
    with transaction.atomic():
        event = _lock(event)
        if not perms.can_manage_event(user, event):
            raise Refused(NOT_ORGANISER)
        if not event.is_open:
            raise Refused("Cette rencontre est passée ou annulée : plus d'invitation.")
        now = timezone.now()
        already = set(event.participations.filter(invited_at__isnull=False).values_list("user_id", flat=True))
        invited = [member for member in audience(event) if member.pk not in already]
        for member in invited:
            Participation.objects.update_or_create(event=event, user=member, defaults={"invited_at": now})
        event.invited_at = now
        event.save(update_fields=["invited_at"])
        notify(
            invited,
            NotificationKind.NETWORK_EVENT,
            f"Invitation : {event.title}, le {_when(event)}",
            f"{event.get_kind_display()} {'en ligne' if event.online_url else 'à ' + event.place}. "
            "Inscrivez-vous depuis la plateforme.",
            reverse("network:event", args=[event.pk]),
        )
    return len(invited)


def register(user: User, event: Event) -> Participation:
    with transaction.atomic():
        event = _lock(event)
        if not perms.can_register(user, event, member_places(user)):
            raise Refused("Cette rencontre n'est pas ouverte à l'inscription pour vous.")
        participation = Participation.objects.filter(event=event, user=user).first()
        if participation is not None and participation.registered_at is not None:
            raise Refused("Vous êtes déjà inscrit à cette rencontre.")
        registered = event.participations.filter(registered_at__isnull=False).count()
        if event.capacity is not None and registered >= event.capacity:
            raise Refused("Cette rencontre est complète.")
        participation, _ = Participation.objects.update_or_create(
            event=event, user=user, defaults={"registered_at": timezone.now()}
        )
    return participation


def unregister(user: User, event: Event) -> None:
    with transaction.atomic():
        event = _lock(event)
        participation = Participation.objects.filter(event=event, user=user, registered_at__isnull=False).first()
        if participation is None:
            raise Refused("Vous n'êtes pas inscrit à cette rencontre.")
        if not event.is_open:
            raise Refused("La rencontre a commencé : l'inscription ne se retire plus.")
        participation.registered_at = None
        participation.save(update_fields=["registered_at"])


def record_attendance(user: User, event: Event, present: Mapping[int, bool]) -> None:
    """Who came, among the registered ({user id: present}), once the event has begun."""
    with transaction.atomic():
        event = _lock(event)
        if not perms.can_manage_event(user, event):
            raise Refused(NOT_ORGANISER)
        if event.starts_at > timezone.now() or event.cancelled_at is not None:
            raise Refused("Les présences se notent une fois la rencontre commencée.")
        registered = {p.user_id: p for p in event.participations.filter(registered_at__isnull=False)}
        unknown = set(present) - set(registered)
        if unknown:
            raise Refused("Seules les personnes inscrites peuvent être notées présentes ou absentes.")
        for user_id, came in present.items():
            participation = registered[user_id]
            if participation.attended != came:
                participation.attended = came
                participation.save(update_fields=["attended"])


def cancel(user: User, event: Event, reason: str) -> None:
    """Cancel an event to come; the registered are told."""
    with transaction.atomic():
        event = _lock(event)
        if not perms.can_manage_event(user, event):
            raise Refused(NOT_ORGANISER)
        if not event.is_open:
            raise Refused("Cette rencontre est déjà passée ou annulée.")
        event.cancelled_at = timezone.now()
        event.save(update_fields=["cancelled_at"])
        registered = User.objects.filter(
            event_participations__event=event, event_participations__registered_at__isnull=False
        )
        notify(
            list(registered),
            NotificationKind.NETWORK_EVENT,
            f"Annulée : {event.title}, le {_when(event)}",
            reason.strip(),
            reverse("network:event", args=[event.pk]),
        )
