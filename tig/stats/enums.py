from django.db import models


class Level(models.TextChoices):
    """The territories an indicator is kept for. The interregional directorates' values are those
    of territories.DirectorateKind, so a directorate's kind is its level."""

    NATIONAL = "national", "France"
    REGION = "region", "Région"
    DISP = "disp", "DISP"
    DIRPJJ = "dirpjj", "DIR-PJJ"
    DEPARTEMENT = "departement", "Département"


NATIONAL_CODE = "FR"
