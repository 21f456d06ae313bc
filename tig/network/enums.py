from django.db import models


class EventKind(models.TextChoices):
    INFORMATION = "information", "Réunion d'information"
    WEBINAR = "webinar", "Webinaire"
    TRAINING = "training", "Formation"
    EXCHANGE = "exchange", "Rencontre entre tuteurs"


class Audience(models.TextChoices):
    """Whom a local event is for, among the host organisations' members."""

    MEMBERS = "members", "Administrateurs et tuteurs des structures"
    TUTORS = "tutors", "Tuteurs"
    ADMINS = "admins", "Administrateurs des structures"
