"""The posts that entered and left the search, per day: the snapshot compares the posts in search
now with those of the last snapshot (tig.stats.models.ListedPost). A quarter's figure is the sum
of its days. A post counts where its commune lies (where it lay when it left).

The data keep no history of when a post entered or left the search, so the first snapshot only
records who is in it: its day has no value, not every post as « new »."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from tig.posts.models import Post
from tig.stats.enums import NATIONAL_CODE, Level
from tig.stats.indicators import Indicator, Territory
from tig.stats.models import ListedPost, Snapshot

ENTERED = Indicator(
    "posts_entered",
    "Postes entrés dans la recherche",
    "Postes proposés dans la recherche qui ne l'étaient pas au relevé précédent (somme des jours de la période).",
)
LEFT = Indicator(
    "posts_left",
    "Postes sortis de la recherche",
    "Postes qui étaient proposés au relevé précédent et ne le sont plus : clos, suspendus, radiés, non confirmés "
    "(somme des jours de la période).",
)
FLOW_INDICATORS = (ENTERED, LEFT)
CHUNK = 2000


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def record(on: date, chains: dict[str, list[Territory]]) -> dict[Territory, dict[str, Decimal]]:
    """Bring the posts in search up to date as of `on` and count, per territory, the posts that
    entered and left it that day. To be called inside the snapshot's transaction."""
    # The first snapshot, or the first since this count exists: nothing to compare with.
    first = not ListedPost.objects.filter(since__lt=on).exists() and not (
        Snapshot.objects.filter(day__lt=on, indicator=ENTERED.code).exists()
    )
    now = dict(Post.objects.filter(listed=True).order_by().values_list("pk", "commune__departement_id"))
    known = {
        post_id: (departement, since, until)
        for post_id, departement, since, until in ListedPost.objects.values_list(
            "post_id", "departement", "since", "until"
        )
    }
    ListedPost.objects.filter(until__lt=on).delete()  # left on an earlier day: counted then
    created, returned, back_today, moved, gone = [], [], [], defaultdict(list), []
    for post_id, departement in now.items():
        if post_id not in known:
            created.append(ListedPost(post_id=post_id, departement=departement, since=on))
            continue
        was_in, _since, until = known[post_id]
        if until is not None and until < on:
            returned.append(ListedPost(post_id=post_id, departement=departement, since=on))
        elif until is not None:
            back_today.append(post_id)  # left and came back the same day: neither
        if was_in != departement:
            moved[departement].append(post_id)
    for post_id, (_departement, _since, until) in known.items():
        if until is None and post_id not in now:
            gone.append(post_id)
    ListedPost.objects.bulk_create(created + returned, batch_size=CHUNK)
    for ids in _chunks(back_today):
        ListedPost.objects.filter(post_id__in=ids).update(until=None)
    for departement, moved_ids in moved.items():
        for ids in _chunks(moved_ids):
            ListedPost.objects.filter(post_id__in=ids).update(departement=departement)
    for ids in _chunks(gone):
        ListedPost.objects.filter(post_id__in=ids).update(until=on)
    if first:
        return {}
    values: dict[Territory, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(_CODES, Decimal(0)))
    values[(Level.NATIONAL, NATIONAL_CODE)] = dict.fromkeys(_CODES, Decimal(0))
    entered = ListedPost.objects.filter(since=on, until__isnull=True).values_list("departement", flat=True)
    left = ListedPost.objects.filter(until=on).exclude(since=on).values_list("departement", flat=True)
    for indicator, departements in ((ENTERED, entered), (LEFT, left)):
        for departement in departements:
            # A département since removed from the reference geography still counts for France.
            for territory in chains.get(departement, [(Level.NATIONAL, NATIONAL_CODE)]):
                values[territory][indicator.code] += 1
    return dict(values)


_CODES = tuple(indicator.code for indicator in FLOW_INDICATORS)
