from django.tasks import task

from tig.api import throttling


@task
def purge_request_counts() -> int:
    """Forget the request counts of the minutes that are over (run hourly by the scheduler)."""
    return throttling.purge()
