from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "tig.stats"
    verbose_name = "Statistiques"
