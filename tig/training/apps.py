from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "tig.training"
    verbose_name = "Formation des structures d'accueil"
