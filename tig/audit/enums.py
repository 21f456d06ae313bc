from django.db import models


class Operation(models.TextChoices):
    """The four operations the TIG 360° arrêté asks to trace (docs/regles.md, R30)."""

    CREATE = "creation", "Création"
    UPDATE = "modification", "Modification"
    READ = "consultation", "Consultation"
    DELETE = "suppression", "Suppression"
