"""What is read of a collective worksite's sessions (docs/regles.md, C1): the next ones with their
free places, for a page of search results or a post's sheet, in one query."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from tig.posts.models import Session

SHOWN = 3  # next sessions shown with a search result


def upcoming(post_ids: Iterable[int], limit: int | None = SHOWN) -> dict[int, list[Session]]:
    """{post: its sessions to come, not cancelled, the first `limit` of them (all: None)}."""
    ids = list(post_ids)
    found: dict[int, list[Session]] = defaultdict(list)
    if not ids:
        return found
    rows = Session.objects.filter(post_id__in=ids, starts_at__gt=timezone.now(), cancelled_at__isnull=True).order_by(
        "post_id", "starts_at", "pk"
    )
    for session in rows:
        if limit is None or len(found[session.post_id]) < limit:
            found[session.post_id].append(session)
    return found


DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def _hour(moment: datetime) -> str:
    return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")


def when(session: Session, year: bool = True) -> str:
    """« sam. 12/12/2026, 8 h 30–14 h 30 » (or without the year)."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    day = f"{starts:%d/%m/%Y}" if year else f"{starts:%d/%m}"
    return f"{DAYS[starts.weekday()]} {day}, {_hour(starts)}–{_hour(ends)}"
