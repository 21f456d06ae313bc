from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "tig.partnerships"
    verbose_name = "Partenariats nationaux"

    def ready(self) -> None:
        # A new organisation whose SIREN is a partner's joins its network by itself; an invited
        # coordinator's account is attached to its partner.
        from tig.partnerships import signals

        signals.connect()
