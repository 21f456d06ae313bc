from django.db import models


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    REVIEW = "review", "En relecture"
    PUBLISHED = "published", "Publiée"
    RETIRED = "retired", "Remplacée"
