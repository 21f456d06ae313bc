from hypothesis import given
from hypothesis import strategies as st

from tig.stats.secrecy import SECRET, label, suppress

ROWS = ["21", "71", "59"]
COLUMNS = ["à affecter", "en cours"]


def with_totals(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """The table and its France row (each column's total)."""
    totals = {("FR", column): sum(counts[(row, column)] for row in ROWS) for column in COLUMNS}
    return counts | totals


def test_small_counts_are_secret_and_their_complement_too():
    table = with_totals(
        {("21", "à affecter"): 3, ("71", "à affecter"): 40, ("59", "à affecter"): 25}
        | {(row, "en cours"): 50 for row in ROWS}
    )
    shown = suppress(table, 11, rows=False)
    # 3 is secret; alone in its column, France's total would give it back: the next smallest (25) goes too.
    assert shown[("21", "à affecter")] is None and shown[("59", "à affecter")] is None
    assert shown[("71", "à affecter")] == 40 and shown[("FR", "à affecter")] == 68
    assert all(shown[(row, "en cours")] == 50 for row in ROWS)
    assert label(shown[("21", "à affecter")]) == SECRET and label(40) == "40"


def test_zero_is_not_secret_and_large_counts_are_shown():
    table = with_totals({(row, column): 0 if row == "21" else 120 for row in ROWS for column in COLUMNS})
    assert suppress(table, 11, rows=False) == table


def test_rows_with_a_total_are_protected_too():
    table = {("21", "exécutées"): 5, ("21", "non exécutées"): 30, ("21", "total"): 35}
    shown = suppress(table, 11, columns=False)
    assert shown == {("21", "exécutées"): None, ("21", "non exécutées"): None, ("21", "total"): 35}


def test_the_threshold_is_a_setting(settings):
    settings.STATS_SECRECY_THRESHOLD = 3
    assert suppress({("a", "x"): 2, ("a", "y"): 3}, rows=False)[("a", "y")] == 3
    assert suppress({("a", "x"): 2, ("a", "y"): 3}, rows=False)[("a", "x")] is None


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=6), st.integers(2, 15))
def test_no_secret_cell_can_be_recomputed_from_a_total(values, threshold):
    """Property: in every column (France row included), the secret cells are zero or at least
    two, so no subtraction from the total gives one back; and every small non-zero count is hidden."""
    rows = [str(index) for index in range(len(values))]
    table = {
        (row, column): value[index]
        for row, value in zip(rows, values, strict=True)
        for index, column in enumerate("xy")
    }
    table |= {("FR", column): sum(table[(row, column)] for row in rows) for column in "xy"}
    shown = suppress(table, threshold, rows=False)
    for cell, value in table.items():
        if 0 < value < threshold:
            assert shown[cell] is None
        if shown[cell] is not None:
            assert shown[cell] == value
    for column in "xy":
        hidden = [row for row in [*rows, "FR"] if shown[(row, column)] is None]
        assert len(hidden) != 1
