from django.db import models


class ActivityDomain(models.TextChoices):
    """The platform's nomenclature of the kinds of work a post offers."""

    GREEN_SPACES = "espaces_verts", "Espaces verts et entretien de la nature"
    BUILDING_MAINTENANCE = "entretien_batiments", "Entretien et rénovation de bâtiments"
    CLEANLINESS = "proprete_voirie", "Propreté urbaine et voirie"
    SOLIDARITY = "solidarite", "Solidarité et aide alimentaire"
    ADMINISTRATIVE = "administratif", "Soutien administratif et logistique"
    CULTURE_SPORT = "culture_sport", "Culture, sport et événements"
    ENVIRONMENT = "environnement", "Environnement, tri et recyclage"
    HELP_TO_PEOPLE = "aide_personnes", "Aide aux personnes"
    HERITAGE = "patrimoine", "Patrimoine et restauration"
    CATERING = "restauration", "Restauration collective"
    ANIMALS = "animaux", "Protection et soin des animaux"


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    ACTIVE = "active", "Actif"
    SUSPENDED = "suspended", "Suspendu"
    CLOSED = "closed", "Clos"


class Registration(models.TextChoices):
    """The post's place on the departmental list (CPénit R. 623-7 to R. 623-10; docs/regles.md, R11)."""

    UNREGISTERED = "unregistered", "Non inscrit"
    REGISTERED = "registered", "Inscrit sur la liste départementale"
    RADIATED = "radiated", "Radié de la liste"


# Changes that need a new registration decision (docs/regles.md, R16): what the decider weighed
# — the work, the site, the audience. They are held as a proposed revision while the registered
# version stays in search. More places than registered need one too (`Post.places_registered`);
# fewer places, the title, the schedule, the contacts and the places taken do not.
REVISION_FIELDS = frozenset({"domain", "tasks", "commune", "site_address", "lat", "lon", "minors_allowed"})


class RevisionStatus(models.TextChoices):
    PENDING = "pending", "En attente de décision"
    APPLIED = "applied", "Inscrite et appliquée"
    DROPPED = "dropped", "Refusée ou abandonnée"


class PhysicalEffort(models.TextChoices):
    LIGHT = "light", "Faible"
    MODERATE = "moderate", "Modéré"
    HIGH = "high", "Soutenu"


class Weekday(models.TextChoices):
    MONDAY = "mon", "Lundi"
    TUESDAY = "tue", "Mardi"
    WEDNESDAY = "wed", "Mercredi"
    THURSDAY = "thu", "Jeudi"
    FRIDAY = "fri", "Vendredi"
    SATURDAY = "sat", "Samedi"
    SUNDAY = "sun", "Dimanche"


WEEKEND_DAYS = (Weekday.SATURDAY, Weekday.SUNDAY)


class MeasureType(models.TextChoices):
    TIG = "tig", "TIG"
    TNR = "tnr", "TNR"


def measure_types_label(tig: bool, tnr: bool) -> str:
    """« TIG », « TNR » or « TIG et TNR »."""
    return " et ".join(label for accepted, label in ((tig, "TIG"), (tnr, "TNR")) if accepted)


class SearchOrder(models.TextChoices):
    """How results are listed (`?tri=`): nearest first around a commune (a département's by
    commune name), or the most places available, or the most recently confirmed first."""

    DISTANCE = "distance", "Distance"
    PLACES = "places", "Places disponibles"
    CONFIRMATION = "confirmation", "Dernière confirmation"
