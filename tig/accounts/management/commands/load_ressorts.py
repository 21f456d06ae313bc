from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tig.accounts import ressorts
from tig.audit.recording import acting_as


class Command(BaseCommand):
    help = "Charge les ressorts des tribunaux judiciaires depuis un CSV « tribunal;commune » (voir tig/accounts/ressorts.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fichier", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["fichier"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Le fichier {path} ne se lit pas en UTF-8 : {error}") from None
        with acting_as("commande load_ressorts"):
            report = ressorts.load(text)
        if report.errors:
            raise CommandError("Rien n'est chargé :\n" + "\n".join(report.errors))
        self.stdout.write(self.style.SUCCESS(f"{report.tribunals} ressorts chargés, {report.communes} communes."))
