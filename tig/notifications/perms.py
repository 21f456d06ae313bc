"""Which optional notifications a user is offered to receive or mute: the prospecting's digest
only to the referents, who alone receive it; the network's events only to host staff, whom
they invite."""

from tig.accounts.models import User
from tig.notifications.enums import OPTIONAL, NotificationKind

REFERENTS_ONLY = frozenset({NotificationKind.PROSPECTING_DIGEST})
HOST_STAFF_ONLY = frozenset({NotificationKind.NETWORK_EVENT})


def optional_kinds(user: User) -> list[NotificationKind]:
    return [
        kind
        for kind in NotificationKind
        if kind in OPTIONAL
        and (user.is_referent or kind not in REFERENTS_ONLY)
        and (user.is_host_staff or kind not in HOST_STAFF_ONLY)
    ]
