from django.apps import AppConfig


class ProspectingConfig(AppConfig):
    name = "tig.prospecting"
    verbose_name = "Prospection"

    def ready(self) -> None:
        # The pipeline follows what the organisation does (sign-up, files, posts) by itself.
        from tig.prospecting import signals

        signals.connect()
