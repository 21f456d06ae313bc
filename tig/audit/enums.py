from django.db import models


class Operation(models.TextChoices):
    """The four operations the TIG 360° arrêté asks to trace (domain.md §3.1, audit article)."""

    CREATE = "creation", "Création"
    UPDATE = "modification", "Modification"
    READ = "consultation", "Consultation"
    DELETE = "suppression", "Suppression"
