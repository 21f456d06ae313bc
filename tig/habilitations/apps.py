from django.apps import AppConfig


class HabilitationsConfig(AppConfig):
    name = "tig.habilitations"
    verbose_name = "Habilitations et inscriptions"

    def ready(self) -> None:
        from tig.habilitations import listing, pdf, sections, services
        from tig.notifications import attachments

        listing.connect_signals()
        sections.register()
        attachments.register(services.DECISION_LETTER, pdf.decision_attachment)
