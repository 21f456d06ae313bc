from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tig.demo"
    verbose_name = "Démonstration"
