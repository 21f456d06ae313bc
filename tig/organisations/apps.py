from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "tig.organisations"
    verbose_name = "Structures d'accueil"

    def ready(self) -> None:
        from tig.accounts.signals import invitation_accepted
        from tig.organisations import services

        invitation_accepted.connect(services.accept_membership, dispatch_uid="organisations.accept_membership")
