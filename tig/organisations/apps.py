from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "tig.organisations"
    verbose_name = "Structures d'accueil"
