"""Which optional notifications a user is offered to receive or mute: the prospecting's digest
only to the referents, who alone receive it; the network's events only to host staff, whom
they invite; the training's invitations to those who follow it, the courses to review to those
who write them."""

from tig.accounts.models import User
from tig.notifications.enums import OPTIONAL, NotificationKind

REFERENTS_ONLY = frozenset({NotificationKind.PROSPECTING_DIGEST})
HOST_STAFF_ONLY = frozenset({NotificationKind.NETWORK_EVENT})
AUTHORS_ONLY = frozenset({NotificationKind.TRAINING_REVIEW})  # those who write the courses
LEARNERS_ONLY = frozenset({NotificationKind.TRAINING})  # those who follow the training


def optional_kinds(user: User) -> list[NotificationKind]:
    return [
        kind
        for kind in NotificationKind
        if kind in OPTIONAL
        and (user.is_referent or kind not in REFERENTS_ONLY)
        and (user.is_host_staff or kind not in HOST_STAFF_ONLY)
        and (user.is_referent or user.is_national_admin or kind not in AUTHORS_ONLY)
        and (user.is_host_staff or user.is_referent or user.is_national_admin or kind not in LEARNERS_ONLY)
    ]
