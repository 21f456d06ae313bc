from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tig.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from django.urls import register_converter

        from tig.core.params import IdConverter

        register_converter(IdConverter, "id")
