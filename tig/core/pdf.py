"""The platform's letters as PDF (reportlab's standard fonts cover French typography): the
Ministry's letterhead, the sender, a title, paragraphs, a signature and who gets a copy."""

from collections.abc import Sequence
from io import BytesIO
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

STYLES = getSampleStyleSheet()


def text(value: object) -> str:
    """A value as paragraph markup: escaped, its line breaks kept."""
    return escape(str(value)).replace("\n", "<br/>")


def letter(title: str, sender: str, lines: Sequence[str | None], *, signature: str = "", copy: str = "") -> bytes:
    """Paragraphs are markup (escape values with `text`); None is a blank line; a line
    starting with « ## » is a heading."""
    story = [Paragraph("Ministère de la Justice", STYLES["Heading3"]), Paragraph(text(sender), STYLES["BodyText"])]
    story += [Spacer(1, 0.6 * cm), Paragraph(text(title), STYLES["Heading2"])]
    for line in lines:
        if line is None:
            story.append(Spacer(1, 0.3 * cm))
        elif line.startswith("## "):
            story.append(Paragraph(line[3:], STYLES["Heading4"]))
        else:
            story.append(Paragraph(line, STYLES["BodyText"]))
    if signature:
        story += [Spacer(1, 0.8 * cm), Paragraph(signature, STYLES["BodyText"])]
    if copy:
        story += [Spacer(1, 0.4 * cm), Paragraph(copy, STYLES["Italic"])]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Plateforme TIG", leftMargin=2.5 * cm).build(story)
    return buffer.getvalue()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """Shown in the browser, saved under filename; never kept by a browser's or a proxy's cache
    (the letters name people)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    add_never_cache_headers(response)
    return response
