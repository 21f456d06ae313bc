from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tig.audit"
    verbose_name = "Journal des opérations"

    def ready(self) -> None:
        from tig.audit import recording

        recording.connect_signals()
