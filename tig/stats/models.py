"""The indicators' history: one value per day, indicator and territory, written by the daily
snapshot (tig/stats/tasks.py), so that a quarter's figure stays what it was after later edits."""

from django.db import models

from tig.stats.enums import Level


class Snapshot(models.Model):
    audited = False  # aggregated counts, written in bulk by a task: no personal data, no one's action

    day = models.DateField("jour")
    indicator = models.CharField("indicateur", max_length=40)
    level = models.CharField("niveau", max_length=16, choices=Level.choices)
    code = models.CharField("territoire", max_length=12)
    value = models.DecimalField("valeur", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "valeur d'un indicateur"
        verbose_name_plural = "historique des indicateurs"
        constraints = [models.UniqueConstraint(fields=["day", "indicator", "level", "code"], name="snapshot_unique")]
        indexes = [models.Index(fields=["level", "code", "indicator", "day"], name="snapshot_series")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.level} {self.code} au {self.day:%d/%m/%Y} : {self.value}"


class ListedPost(models.Model):
    """The posts in search at the last snapshot, so that the next one counts the posts that
    entered and left the search since (tig/stats/flows.py). A post that left is kept, with the
    day it left, until the next day's snapshot: a snapshot taken again the same day counts it
    once."""

    audited = False  # an identifier and a département, kept by a task: no one's action

    post_id = models.PositiveIntegerField("poste", unique=True)  # not a key: a deleted post leaves search too
    departement = models.CharField("département", max_length=3)
    since = models.DateField("dans la recherche depuis le")
    until = models.DateField("sorti de la recherche le", null=True, blank=True)

    class Meta:
        verbose_name = "poste dans la recherche au dernier relevé"
        verbose_name_plural = "postes dans la recherche au dernier relevé"

    def __str__(self) -> str:
        return f"poste {self.post_id} depuis le {self.since:%d/%m/%Y}"
