from django.db import models


class Zone(models.TextChoices):
    METRO = "metro", "France métropolitaine"
    DROM = "drom", "Département d'outre-mer"
    COM = "com", "Collectivité d'outre-mer"


class CommuneKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"


class DirectorateKind(models.TextChoices):
    """The interregional directorates the baromètre counts by (docs/decisions/0015-indicateurs-du-territoire.md)."""

    DISP = "disp", "Direction interrégionale des services pénitentiaires (DISP)"
    DIRPJJ = "dirpjj", "Direction interrégionale de la protection judiciaire de la jeunesse (DIR-PJJ)"
