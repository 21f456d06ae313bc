from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "tig.posts"
    verbose_name = "Postes de TIG et de TNR"

    def ready(self) -> None:
        from tig.posts import sections

        sections.register()
