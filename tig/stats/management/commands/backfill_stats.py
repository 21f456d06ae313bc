from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tig.stats.backfill import NoSnapshotYet, backfill


class Command(BaseCommand):
    help = (
        "Écrit, pour la fin de chaque trimestre avant le premier relevé, les indicateurs que les données "
        "permettent encore de calculer (dossiers décidés, mesures closes, affectations, heures)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--depuis", required=True, help="Premier jour à reprendre, AAAA-MM-JJ.")

    def handle(self, *args: object, **options: str) -> None:
        try:
            since = date.fromisoformat(options["depuis"])
        except ValueError as error:
            raise CommandError("--depuis attend une date AAAA-MM-JJ, par exemple 2025-01-01.") from error
        try:
            written = backfill(since)
        except NoSnapshotYet as error:
            raise CommandError(str(error)) from error
        days = ", ".join(f"{day:%d/%m/%Y}" for day in written) or "aucun"
        self.stdout.write(self.style.SUCCESS(f"Trimestres repris : {days}."))
