from django.db import models


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    REVIEW = "review", "En relecture"
    PUBLISHED = "published", "Publiée"
    RETIRED = "retired", "Remplacée"


class MediaKind(models.TextChoices):
    IMAGE = "image", "Image"
    VIDEO = "video", "Vidéo"
    AUDIO = "audio", "Son"
    DOCUMENT = "document", "Document à télécharger"
