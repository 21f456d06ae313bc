from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "tig.network"
    verbose_name = "Réseau des structures et des tuteurs"
