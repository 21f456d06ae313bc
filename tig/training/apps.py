from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tig.training"
    verbose_name = "Formation des structures d'accueil"

    def ready(self) -> None:
        # A new tutor is invited to the starter course by itself (F6).
        from tig.training import signals

        signals.connect()
