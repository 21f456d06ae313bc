"""Hearing-ready lists of a search: a print view and a PDF that fit about twenty posts on an A4
page, and a spreadsheet (XLSX) of all the results, in the order chosen. Each reads the same
results as the search page (tig.posts.search.ordered_hits), through the user's own scope.

Limits (docs/architecture.md): the print view and the PDF show the PRINT_MAX first posts (five
pages: a hearing looks at the nearest); the spreadsheet holds up to EXPORT_MAX rows, and says
so in its first line when there are more."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

import xlsxwriter
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from tig.accounts.models import User
from tig.posts.enums import ActivityDomain, Weekday, measure_types_label
from tig.posts.models import Post
from tig.posts.search import ID_CHUNK, Criteria, ordered_hits

PRINT_MAX = 100
EXPORT_MAX = 5000

# The conditions as short marks, with their legend (printed above every list).
MARKS = (
    ("open_on_weekends", "WE", "ouvert le week-end"),
    ("minors_allowed", "Min", "ouvert aux mineurs de 16 ans et plus"),
    ("pmr_accessible", "PMR", "accessible aux personnes à mobilité réduite"),
    ("public_transport", "TC", "desservi par les transports en commun"),
    ("collective", "Coll", "chantier collectif"),
    ("driving_licence_required", "Permis", "permis de conduire exigé"),
    ("night_work", "Nuit", "travail de nuit"),
)
LEGEND = " ; ".join(f"{mark} : {meaning}" for _field, mark, meaning in MARKS)
DAY_MARKS = {day: day.label[:3].lower() for day in Weekday}

_COLUMNS = (
    "pk",
    "title",
    "domain",
    "places_offered",
    "places_available",
    "organisation__name",
    "commune__name",
    "commune__departement_id",
    "schedule",
    "accepts_tig",
    "accepts_tnr",
    "last_confirmed_at",
    *(name for name, _mark, _meaning in MARKS),
)


@dataclass(frozen=True)
class Row:
    pk: int
    title: str
    domain: str
    places_offered: int
    places_available: int
    organisation: str
    commune: str
    distance_km: float | None
    days: str
    measures: str
    marks: tuple[str, ...]
    last_confirmed_at: datetime

    @property
    def distance_label(self) -> str:
        return "" if self.distance_km is None else f"{self.distance_km:.1f} km".replace(".", ",")

    @property
    def marks_label(self) -> str:
        return " ".join(self.marks)


@dataclass(frozen=True)
class Listing:
    title: str
    total: int
    rows: list[Row]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def describe(criteria: Criteria) -> str:
    """The search in words, as the results' title says it."""
    parts = []
    if criteria.commune is not None:
        parts.append(f"à moins de {criteria.radius_km} km de {criteria.commune.label}")
    if criteria.departement is not None:
        parts.append(f"dans le département {criteria.departement}")
    return "Postes de TIG et de TNR " + ", ".join(parts)


def listing(user: User, criteria: Criteria, limit: int) -> Listing:
    """The `limit` first results in the order asked, and how many there are in all."""
    total, hits = ordered_hits(user, criteria, limit)
    return Listing(describe(criteria), total, list(_rows(hits)))


def _rows(hits: list[tuple[int, float | None]]) -> Iterator[Row]:
    for start in range(0, len(hits), ID_CHUNK):
        chunk = hits[start : start + ID_CHUNK]
        values = {row[0]: row for row in Post.objects.filter(pk__in=[pk for pk, _ in chunk]).values_list(*_COLUMNS)}
        for pk, distance in chunk:
            if pk in values:
                yield _row(values[pk], distance)


def _row(values: tuple[Any, ...], distance: float | None) -> Row:
    (pk, title, domain, offered, available, organisation, commune, departement, schedule, tig, tnr, confirmed) = values[
        :12
    ]
    flags = values[12:]
    return Row(
        pk=pk,
        title=title,
        domain=ActivityDomain(domain).label,
        places_offered=offered,
        places_available=available,
        organisation=organisation,
        commune=f"{commune} ({departement})",
        distance_km=distance,
        days=" ".join(DAY_MARKS[day] for day in Weekday if day in (schedule or {})),
        measures=measure_types_label(tig, tnr),
        marks=tuple(mark for (_field, mark, _meaning), shown in zip(MARKS, flags, strict=True) if shown),
        last_confirmed_at=confirmed,
    )


def sheet_url(pk: int) -> str:
    return settings.SITE_URL + reverse("posts:detail", args=[pk])


# The PDF -------------------------------------------------------------------------------------

_STYLES = getSampleStyleSheet()
_CELL = ParagraphStyle("cell", parent=_STYLES["BodyText"], fontSize=7.5, leading=9)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName="Helvetica-Bold")


def pdf(listing: Listing) -> bytes:
    """About twenty posts per A4 page: one line for the title and the host, one for the tasks'
    place; narrow columns for the rest."""
    today = timezone.localdate()
    story = [
        Paragraph(escape(listing.title), _STYLES["Heading3"]),
        Paragraph(
            escape(
                f"{listing.total} poste{'s' if listing.total > 1 else ''} au {today:%d/%m/%Y}"
                + (f" ; les {len(listing.rows)} premiers ci-dessous." if listing.truncated else ".")
                + f" Places : libres / offertes. Conditions — {LEGEND}."
            ),
            _CELL,
        ),
    ]
    header = ["Poste et structure", "Commune", "Distance", "Places", "Jours", "Mesure", "Conditions"]
    data = [[Paragraph(name, _HEAD) for name in header]]
    for row in listing.rows:
        data.append(
            [
                Paragraph(f"<b>{escape(row.title)}</b><br/>{escape(row.organisation)}", _CELL),
                Paragraph(escape(row.commune), _CELL),
                Paragraph(row.distance_label, _CELL),
                Paragraph(f"{row.places_available} / {row.places_offered}", _CELL),
                Paragraph(escape(row.days), _CELL),
                Paragraph(escape(row.measures), _CELL),
                Paragraph(escape(row.marks_label), _CELL),
            ]
        )
    widths = [6.0 * cm, 3.4 * cm, 1.7 * cm, 1.3 * cm, 2.4 * cm, 1.6 * cm, 2.6 * cm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e3fd")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story.append(table)
    buffer = BytesIO()
    margin = 1.2 * cm
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=listing.title,
        author="Plateforme TIG",
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )
    document.build(story)
    return buffer.getvalue()


# The spreadsheet -----------------------------------------------------------------------------

XLSX_HEADER = (
    "Intitulé",
    "Structure",
    "Commune",
    "Distance (km)",
    "Places offertes",
    "Places libres",
    "Domaine",
    "Jours",
    "Mesure",
    *(meaning.capitalize() for _field, _mark, meaning in MARKS),
    "Dernière confirmation",
    "Fiche du poste",
)


def xlsx(listing: Listing) -> bytes:
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Postes")
    bold = book.add_format({"bold": True})
    wrap_head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E3E3FD"})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    distance_format = book.add_format({"num_format": "0.0"})
    today = timezone.localdate()
    note = f"{listing.title} — {listing.total} poste{'s' if listing.total > 1 else ''} au {today:%d/%m/%Y}"
    if listing.truncated:
        note += f" ; les {len(listing.rows)} premiers (au plus {EXPORT_MAX} lignes par export)"
    sheet.write(0, 0, note, bold)
    sheet.write_row(1, 0, XLSX_HEADER, wrap_head)
    for index, row in enumerate(listing.rows, start=2):
        sheet.write_string(index, 0, row.title)
        sheet.write_string(index, 1, row.organisation)
        sheet.write_string(index, 2, row.commune)
        if row.distance_km is not None:
            sheet.write_number(index, 3, round(row.distance_km, 1), distance_format)
        sheet.write_number(index, 4, row.places_offered)
        sheet.write_number(index, 5, row.places_available)
        sheet.write_string(index, 6, row.domain)
        sheet.write_string(index, 7, row.days)
        sheet.write_string(index, 8, row.measures)
        for offset, (_field, mark, _meaning) in enumerate(MARKS):
            sheet.write_string(index, 9 + offset, "oui" if mark in row.marks else "")
        column = 9 + len(MARKS)
        sheet.write_datetime(index, column, timezone.localtime(row.last_confirmed_at).replace(tzinfo=None), date_format)
        sheet.write_url(index, column + 1, sheet_url(row.pk), string="Fiche")
    last_row = max(len(listing.rows) + 1, 1)
    sheet.autofilter(1, 0, last_row, len(XLSX_HEADER) - 1)
    sheet.freeze_panes(2, 1)
    for column, width in enumerate((40, 32, 24, 10, 9, 9, 22, 18, 9)):
        sheet.set_column(column, column, width)
    book.close()
    return buffer.getvalue()
