from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tig.notifications"
    verbose_name = "Notifications"
