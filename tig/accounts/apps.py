from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tig.accounts"
    verbose_name = "Comptes et rôles"
