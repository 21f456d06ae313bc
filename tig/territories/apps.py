from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "tig.territories"
    verbose_name = "Référentiel géographique"
