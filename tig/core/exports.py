"""Tables as files: CSV for the audit log and the registers, XLSX for the search results.

CSV is written for a French spreadsheet: UTF-8 with a byte order mark (so that Excel reads the
accents), « ; » between columns. Rows are streamed, so a long table never sits in memory."""

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = ""
) -> HttpResponse:
    """A one-sheet spreadsheet: the title (the source and date) on the first line, then the
    header and the rows; numbers stay numbers."""
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    start = 0
    if title:
        sheet.write(0, 0, title, bold)
        start = 1
    sheet.write_row(start, 0, list(header), bold)
    for index, row in enumerate(rows, start=start + 1):
        for column, value in enumerate(row):
            if isinstance(value, Decimal | int) and not isinstance(value, bool):
                sheet.write_number(index, column, float(value))
            elif value is not None:
                sheet.write(index, column, value)
    sheet.set_column(0, 0, 32)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
