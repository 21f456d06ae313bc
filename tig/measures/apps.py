from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "tig.measures"
    verbose_name = "Suivi des mesures"
