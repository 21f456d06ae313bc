from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "tig.pages"
    verbose_name = "Pages du site"
