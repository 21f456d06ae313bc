from functools import cached_property

from django.http import HttpRequest

from tig.accounts.models import User
from tig.notifications.models import Notification


class UnreadNotifications:
    """The count shown in the header: one query, only if a template reads it."""

    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        return Notification.objects.filter(user=self.user).unread().count()


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}
