from django.db import models


class Level(models.TextChoices):
    """The territories an indicator is kept for (the DISP / DIR-PJJ level comes with its table)."""

    NATIONAL = "national", "France"
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"


NATIONAL_CODE = "FR"
