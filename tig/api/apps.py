from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tig.api"
    verbose_name = "API publique"

    def ready(self) -> None:
        from tig.api import schema  # noqa: F401  (registers the key's scheme)
