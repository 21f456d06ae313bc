import time
from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from tig.core.periodic import enqueue_due


class Command(BaseCommand):
    help = "Met en file les tâches périodiques dues (purge du journal…), en boucle ou une fois."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Une seule passe (pour cron).")
        parser.add_argument("--interval", type=int, default=60, help="Secondes entre deux passes.")

    def handle(self, *args: str, once: bool = False, interval: int = 60, **options: object) -> None:
        while True:
            for name in enqueue_due():
                self.stdout.write(f"Tâche mise en file : {name}")
            if once:
                return
            time.sleep(interval)
