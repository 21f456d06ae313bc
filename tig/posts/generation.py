"""Plausible posts for the demo data and the load tests (never for production data)."""

import math
import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from tig.organisations.validators import luhn_valid
from tig.posts.enums import ActivityDomain, PhysicalEffort, PostStatus, Registration, Weekday
from tig.posts.models import Post

# (title, tasks) by domain: the kind of work host organisations offer.
OFFERS = {
    ActivityDomain.GREEN_SPACES: [
        (
            "Entretien des espaces verts",
            "Tonte, taille des haies, désherbage manuel des massifs et ramassage des feuilles.",
        ),
        (
            "Aide au jardinier municipal",
            "Plantations saisonnières, arrosage, paillage et entretien des outils.",
        ),
        (
            "Entretien des cimetières",
            "Désherbage des allées, nettoyage des abords et évacuation des déchets verts.",
        ),
    ],
    ActivityDomain.BUILDING_MAINTENANCE: [
        (
            "Peinture et petits travaux",
            "Préparation des surfaces, peinture des locaux, petites réparations avec l'agent technique.",
        ),
        (
            "Entretien des bâtiments communaux",
            "Nettoyage des locaux techniques, manutention, aide aux réparations courantes.",
        ),
        (
            "Rénovation des parties communes",
            "Lessivage et peinture des halls d'immeubles, remplacement d'ampoules, petits travaux.",
        ),
    ],
    ActivityDomain.CLEANLINESS: [
        (
            "Propreté urbaine",
            "Ramassage des déchets sur la voie publique, vidage des corbeilles, nettoyage du mobilier urbain.",
        ),
        (
            "Nettoyage des abords d'immeubles",
            "Ramassage des encombrants légers et nettoyage des abords et des locaux poubelles.",
        ),
    ],
    ActivityDomain.SOLIDARITY: [
        (
            "Aide à la distribution alimentaire",
            "Réception et tri des denrées, préparation des colis, accueil des bénéficiaires.",
        ),
        ("Agent d'épicerie solidaire", "Mise en rayon, contrôle des dates, rangement de la réserve."),
        ("Tri de vêtements", "Tri, pliage et mise en rayon des vêtements donnés au vestiaire solidaire."),
    ],
    ActivityDomain.ADMINISTRATIVE: [
        (
            "Soutien administratif",
            "Classement, mise sous pli, saisie simple, accueil téléphonique sous la conduite d'un agent.",
        ),
        ("Aide logistique", "Manutention, préparation des salles, gestion des stocks de fournitures."),
    ],
    ActivityDomain.CULTURE_SPORT: [
        (
            "Aide à l'organisation d'événements",
            "Montage et démontage des stands, installation des salles, accueil du public.",
        ),
        (
            "Entretien des équipements sportifs",
            "Nettoyage des vestiaires, traçage des terrains, rangement du matériel.",
        ),
        ("Aide en médiathèque", "Rangement des ouvrages, équipement des livres, petites réparations."),
    ],
    ActivityDomain.ENVIRONMENT: [
        (
            "Agent de recyclerie",
            "Réception des dons, tri, nettoyage et remise en état d'objets, mise en rayon.",
        ),
        (
            "Entretien des sentiers et berges",
            "Débroussaillage, ramassage des déchets, entretien du balisage.",
        ),
    ],
    ActivityDomain.HELP_TO_PEOPLE: [
        (
            "Aide à l'animation en résidence autonomie",
            "Accompagnement des sorties, préparation des activités, service des collations.",
        ),
        (
            "Accompagnement des personnes âgées",
            "Aide aux courses collectives, portage de repas avec un agent, animation.",
        ),
    ],
    ActivityDomain.HERITAGE: [
        (
            "Restauration du petit patrimoine",
            "Nettoyage et rejointoiement de murets, entretien des lavoirs avec un encadrant.",
        ),
    ],
    ActivityDomain.CATERING: [
        ("Aide en restauration collective", "Plonge, nettoyage de la cuisine, mise en place de la salle."),
    ],
    ActivityDomain.ANIMALS: [
        (
            "Aide en refuge animalier",
            "Nettoyage des boxes, distribution de la nourriture, promenade des chiens.",
        ),
    ],
}

PLACES = [
    "du centre",
    "des Grésilles",
    "du parc",
    "de la mairie",
    "du quartier nord",
    "du port",
    "de la gare",
    "du stade",
]
STREETS = [
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "place de la Mairie",
    "rue des Écoles",
    "boulevard Gambetta",
    "rue Pasteur",
    "chemin des Vignes",
]
WEEKDAY_RANGES = [("08:30", "12:00"), ("13:30", "17:00"), ("09:00", "16:00"), ("08:00", "12:00")]
WEEKEND_RANGES = [("09:00", "12:00"), ("09:00", "17:00")]
KM_PER_DEGREE = 111.2


@dataclass
class PostContent:
    title: str
    domain: str
    tasks: str
    site_address: str
    schedule: dict
    fields: dict

    def build(self, *, organisation_id: int, commune_id: int, lat: float, lon: float, **overrides) -> Post:
        """An unsaved post with this content, at a place, for an organisation (a registered one
        registers the places it offers)."""
        fields = {**self.fields, **overrides}
        if fields.get("registration") == Registration.REGISTERED:
            fields.setdefault("places_registered", fields["places_offered"])
        return Post(
            organisation_id=organisation_id,
            commune_id=commune_id,
            lat=lat,
            lon=lon,
            title=self.title,
            domain=self.domain,
            tasks=self.tasks,
            site_address=self.site_address,
            schedule=self.schedule,
            **fields,
        )


def jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point within about km of (lat, lon): sites lie around a commune's centre."""
    distance = km * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(angle) / KM_PER_DEGREE
    dlon = distance * math.sin(angle) / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def random_schedule(rng: random.Random) -> dict:
    days = rng.sample([d.value for d in Weekday if d not in (Weekday.SATURDAY, Weekday.SUNDAY)], rng.randint(2, 5))
    start, end = rng.choice(WEEKDAY_RANGES)
    schedule = {day: {"start": start, "end": end} for day in days}
    if rng.random() < 0.3:
        weekend_start, weekend_end = rng.choice(WEEKEND_RANGES)
        schedule[Weekday.SATURDAY.value] = {"start": weekend_start, "end": weekend_end}
        if rng.random() < 0.3:
            schedule[Weekday.SUNDAY.value] = {"start": weekend_start, "end": weekend_end}
    return {day.value: schedule[day.value] for day in Weekday if day.value in schedule}


def random_post(rng: random.Random, domains: list[str] | None = None) -> PostContent:
    domain = rng.choice(domains or list(OFFERS))
    title, tasks = rng.choice(OFFERS[ActivityDomain(domain)])
    offered = rng.choice([1, 1, 1, 2, 2, 3, 4])
    collective = rng.random() < 0.06
    fields = {
        "places_offered": offered,
        "places_taken": rng.randint(0, offered) if rng.random() < 0.5 else 0,
        "pmr_accessible": rng.random() < 0.4,
        "public_transport": rng.random() < 0.65,
        "minors_allowed": rng.random() < 0.3,
        "accepts_tig": True,
        "accepts_tnr": rng.random() < 0.45,
        "collective": collective,
        "driving_licence_required": rng.random() < 0.08,
        "physical_effort": rng.choice(list(PhysicalEffort)).value,
        "night_work": False,
        "particular_risks": rng.random() < 0.05,
        "care_establishment": domain == ActivityDomain.HELP_TO_PEOPLE and rng.random() < 0.5,
        "status": PostStatus.ACTIVE,
        # Generated posts stand for the registered inventory of habilitated hosts.
        "registration": Registration.REGISTERED,
        "host_habilitated": True,
        "last_confirmed_at": timezone.now() - timedelta(days=rng.randint(0, 330)),
        "schedule_notes": rng.choice(
            ["", "", "Hors vacances scolaires.", "Un samedi sur deux.", "Horaires adaptables."]
        ),
    }
    if collective:
        title = f"Chantier collectif : {title[0].lower()}{title[1:]}"
    return PostContent(
        title=f"{title} {rng.choice(PLACES)}",
        domain=domain,
        tasks=tasks,
        site_address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        schedule=random_schedule(rng),
        fields=fields,
    )


def luhn_siret(rng: random.Random, prefix: str = "") -> str:
    """A random SIRET with a valid check digit (for generated organisations only)."""
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(13 - len(prefix)))
    return next(body + check for check in "0123456789" if luhn_valid(body + check))
