from typing import Any

from django.core.management.base import BaseCommand

from tig.audit.recording import acting_as
from tig.prospecting.register import load_reference


class Command(BaseCommand):
    help = "Charge ou met à jour le registre national des cibles de prospection (mairies et EPCI)."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as("commande load_targets"):
            loaded, skipped = load_reference()
        self.stdout.write(
            f"{loaded} cibles chargées ou mises à jour ; {skipped} lignes hors du référentiel géographique."
        )
