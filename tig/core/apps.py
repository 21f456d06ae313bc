from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tig.core"
    verbose_name = "Socle"
