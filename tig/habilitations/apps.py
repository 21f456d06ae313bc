from django.apps import AppConfig


class HabilitationsConfig(AppConfig):
    name = "tig.habilitations"
    verbose_name = "Habilitations et inscriptions"

    def ready(self):
        from tig.habilitations import listing

        listing.connect_signals()
