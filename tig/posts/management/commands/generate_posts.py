"""Generate N active posts spread like the population, for load tests and benchmarks.

Each post goes to a commune drawn with a probability proportional to its population (the
arrondissements of Paris, Lyon and Marseille rather than the cities as a whole), at a site
around its centre, farther for larger communes, for an organisation of that commune.
Written in bulk, batch after batch, so that memory stays bounded whatever the count (about
150 MB for 1,000,000 posts), with the progress shown; in one transaction (no per-row audit
entry: one batch entry). Refused in production.
"""

import itertools
import math
import random
from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tig.audit.models import Operation
from tig.audit.recording import acting_as, record_bulk
from tig.organisations.enums import LegalType
from tig.organisations.models import Organisation
from tig.posts.generation import jitter, luhn_siret, random_post
from tig.posts.models import Post
from tig.territories.models import Commune

BATCH = 5000
PROGRESS_EVERY = 100_000


class Command(BaseCommand):
    help = "Crée N postes actifs répartis comme la population (tests de charge)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, count: int, seed: int, **options):
        if settings.PRODUCTION:
            raise CommandError("La génération de postes fictifs est interdite en production.")
        if count < 1:
            raise CommandError("Indiquez un nombre de postes positif.")
        # Paris, Lyon and Marseille through their arrondissements; ordered by code, so that a
        # seed gives the same posts on every database, whatever its collation.
        communes = list(
            Commune.objects.filter(lat__isnull=False, population__gt=0, arrondissements__isnull=True)
            .only("id", "name", "lat", "lon", "population")
            .distinct()
            .order_by("code")
        )
        if not communes:
            raise CommandError("Chargez d'abord le référentiel géographique : manage.py load_territories")
        rng = random.Random(seed)
        cumulative = list(itertools.accumulate(c.population for c in communes))
        organisations: dict[int, int] = {}
        with acting_as("commande generate_posts"), transaction.atomic():
            for start in range(0, count, BATCH):
                chosen = rng.choices(communes, cum_weights=cumulative, k=min(BATCH, count - start))
                organisations.update(self.organisations_for(rng, [c for c in chosen if c.pk not in organisations]))
                Post.objects.bulk_create([self.post_in(rng, commune, organisations[commune.pk]) for commune in chosen])
                done = start + len(chosen)
                if done % PROGRESS_EVERY == 0 and done < count:
                    self.stdout.write(f"{done} postes sur {count}…")
            record_bulk(Operation.CREATE, "postes générés pour les tests de charge", {"postes": count})
        self.stdout.write(self.style.SUCCESS(f"{count} postes créés."))

    def post_in(self, rng: random.Random, commune: Commune, organisation_id: int) -> Post:
        # About 1.5 km around a town of 10,000 people, 4 km around one of 250,000.
        assert commune.lat is not None and commune.lon is not None  # located communes only
        lat, lon = jitter(rng, commune.lat, commune.lon, km=1 + math.sqrt(commune.population) / 200)
        return random_post(rng).build(organisation_id=organisation_id, commune_id=commune.pk, lat=lat, lon=lon)

    def organisations_for(self, rng: random.Random, chosen: list[Commune]) -> dict[int, int]:
        """One test organisation per commune used (a town hall), created in bulk."""
        if not chosen:
            return {}
        existing = dict(
            Organisation.objects.filter(
                name__startswith="Structure de test", commune__in={c.pk for c in chosen}
            ).values_list("commune_id", "id")
        )
        missing = {c.pk: c for c in chosen if c.pk not in existing}
        created = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Structure de test — {commune.name}",
                    siret=luhn_siret(rng, prefix="9"),
                    legal_type=LegalType.COLLECTIVITE,
                    address="Place de la Mairie",
                    commune_id=pk,
                )
                for pk, commune in missing.items()
            ],
            batch_size=BATCH,
        )
        existing.update({organisation.commune_id: organisation.pk for organisation in created})
        return existing
