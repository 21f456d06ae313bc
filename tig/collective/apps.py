from django.apps import AppConfig


class CollectiveConfig(AppConfig):
    name = "tig.collective"
    verbose_name = "TIG collectif"

    def ready(self) -> None:
        # The seats given back when a placement ends, the participants' officers told when a
        # session changes, the sessions on the measure's page and in its documents.
        from tig.collective import sections, signals

        signals.connect()
        sections.register()
