from django.db import models


class PeriodicTaskState(models.Model):
    """When each periodic task is next due (see tig/core/periodic.py)."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    audited = False  # technical state of the scheduler

    class Meta:
        verbose_name = "tâche périodique"

    def __str__(self) -> str:
        return self.name
