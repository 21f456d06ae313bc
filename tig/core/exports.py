"""Tables as files: CSV for the audit log and the registers, XLSX for the search results.

CSV is written for a French spreadsheet: UTF-8 with a byte order mark (so that Excel reads the
accents), « ; » between columns. Rows are streamed, so a long table never sits in memory."""

import csv
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.cache import add_never_cache_headers


class _Echo:
    """A file-like object whose write returns what it is given (csv writes a line at a time)."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def lines() -> Iterable[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if value is None else value for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
