"""Statistical secrecy of the counts of persons (docs/decisions/0014).

A count below STATS_SECRECY_THRESHOLD, other than zero, is not published: it shows « secret ».
So that it cannot be recomputed from a total, every line of a table (a territory's row, an
indicator's column, the total included) that holds exactly one secret cell has a second one
hidden as well, the smallest other non-zero cell of the line (secondary suppression), until no
line holds exactly one. Counts of persons per host organisation are never published at all."""

from collections.abc import Hashable, Mapping

from django.conf import settings

SECRET = "secret"

Cell = tuple[Hashable, Hashable]  # (row, column)


def suppress(
    table: Mapping[Cell, int], threshold: int | None = None, *, rows: bool = True, columns: bool = True
) -> dict[Cell, int | None]:
    """The table with its secret cells as None. Rows and columns are read from the keys: a row
    « total » or a column « total » is one line like the others, which is what protects it.
    `rows` / `columns`: whether the rows (the columns) add up to a published total, so that
    they need the secondary suppression; a line without a total cannot be recomputed."""
    limit = settings.STATS_SECRECY_THRESHOLD if threshold is None else threshold
    shown: dict[Cell, int | None] = {cell: (None if 0 < value < limit else value) for cell, value in table.items()}
    lines: dict[tuple[int, Hashable], list[Cell]] = {}
    for cell in table:
        if rows:
            lines.setdefault((0, cell[0]), []).append(cell)
        if columns:
            lines.setdefault((1, cell[1]), []).append(cell)
    changed = True
    while changed:
        changed = False
        for cells in lines.values():
            hidden = [cell for cell in cells if shown[cell] is None]
            if len(hidden) != 1:
                continue
            others = [cell for cell in cells if shown[cell] not in (None, 0)]
            if not others:
                continue  # the others are zeros: nothing to recompute from
            smallest = min(others, key=lambda cell: (table[cell], str(cell)))
            shown[smallest] = None
            changed = True
    return shown


def label(value: int | None) -> str:
    return SECRET if value is None else f"{value:,}".replace(",", "\u202f")
