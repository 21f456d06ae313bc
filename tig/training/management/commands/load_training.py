from typing import Any

from django.core.management.base import BaseCommand

from tig.audit.recording import acting_as
from tig.training import starter


class Command(BaseCommand):
    help = "Charge la formation de départ des tuteurs (une fois : une version en place n'est jamais réécrite)."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as("commande load_training"):
            version = starter.load()
        self.stdout.write(f"Formation « {version.course} », version {version.number} en ligne.")
