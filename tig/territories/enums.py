from django.db import models


class Zone(models.TextChoices):
    METRO = "metro", "France métropolitaine"
    DROM = "drom", "Département d'outre-mer"
    COM = "com", "Collectivité d'outre-mer"


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"
