"""The audit log: who created, modified, consulted or deleted what, and when.

« Les opérations de création, de modification, de consultation et d'effacement de données
[…] font l'objet d'un enregistrement comprenant l'identification de l'auteur, la date,
l'heure et la nature de l'opération. Ces informations sont conservées pour une durée de
trois ans. » (arrêté du 22 novembre 2022, TIG 360° ; docs/regles.md, R30)

Entries are append-only: the model refuses updates and deletions, and on PostgreSQL a
trigger refuses them too, except the purge of entries older than three years.
"""

from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from tig.audit.enums import Operation

__all__ = ["AuditEntry", "Operation"]


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Le journal des opérations ne peut pas être modifié.")

    def delete(self):
        raise AppendOnlyError("Le journal des opérations ne peut pas être effacé avant trois ans.")

    def purge_older_than(self, cutoff: datetime) -> int:
        """Delete the entries recorded before cutoff: the only deletion allowed."""
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted


def retention_cutoff(now: datetime | None = None) -> datetime:
    """The instant before which entries have been kept long enough (AUDIT_RETENTION_YEARS)."""
    now = now or timezone.now()
    years = settings.AUDIT_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


BULK = "lot"


def object_type_label(object_type: str) -> str:
    if object_type == BULK:
        return "Lot (import)"
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):  # a model since removed: its technical name
        return object_type
    return str(model._meta.verbose_name).capitalize()


def object_type_choices() -> list[tuple[str, str]]:
    """The kinds of record the log holds (every audited model, and the imports), by French name."""
    from tig.audit.recording import is_audited

    labels = {
        f"{model._meta.app_label}.{model._meta.model_name}": str(model._meta.verbose_name).capitalize()
        for model in apps.get_models()
        if is_audited(model)
    }
    labels[BULK] = object_type_label(BULK)
    return sorted(labels.items(), key=lambda item: item[1])


class AuditEntry(models.Model):
    at = models.DateTimeField("date et heure", default=timezone.now, db_index=True)
    # No database constraint: deleting a user must neither touch nor block their trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField("auteur", max_length=254)
    operation = models.CharField("nature", max_length=16, choices=Operation.choices)
    object_type = models.CharField("type d'objet", max_length=100)
    object_id = models.CharField("identifiant", max_length=64, blank=True)
    object_repr = models.CharField("objet", max_length=255)
    # Names of the fields that changed, never their values: the log must not become a
    # second copy of personal data.
    changes = models.JSONField("champs modifiés", default=list, blank=True)

    objects = AuditEntryQuerySet.as_manager()
    audited = False

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des opérations"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_operation_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Le journal des opérations ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Le journal des opérations ne peut pas être effacé avant trois ans.")

    @property
    def object_type_label(self) -> str:
        """The kind of record in French (« Poste », « Mesure »), from its model's name."""
        return object_type_label(self.object_type)
