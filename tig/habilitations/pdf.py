"""The decision letter, as a PDF (reportlab's standard fonts cover French typography)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from tig.habilitations.enums import DossierKind, DossierStatus

LEGAL_BASIS = {
    DossierKind.HABILITATION: "articles R.*623-1 à R. 623-3 du code pénitentiaire",
    DossierKind.RENEWAL: "articles R.*623-1 à R. 623-3 du code pénitentiaire",
    DossierKind.REGISTRATION: "articles R. 623-7 à R. 623-10 du code pénitentiaire",
    DossierKind.RADIATION: "articles R. 623-7 à R. 623-10 du code pénitentiaire",
}


def _decision_sentence(dossier) -> str:
    granted = dossier.status in (DossierStatus.GRANTED, DossierStatus.WITHDRAWN)
    organisation = escape(dossier.organisation.name)
    if dossier.is_habilitation:
        if granted:
            return (
                f"<b>{organisation}</b> est habilitée à accueillir des personnes condamnées à un travail "
                f"d'intérêt général ({dossier.get_audience_display().lower()}) dans le département "
                f"{escape(dossier.departement.name_with_of)}, du {dossier.valid_from:%d/%m/%Y} au "
                f"{dossier.valid_until:%d/%m/%Y} inclus."
            )
        return f"La demande d'habilitation de <b>{organisation}</b> est rejetée."
    post = escape(dossier.post.title)
    if dossier.kind == DossierKind.REGISTRATION:
        if granted:
            return (
                f"Le poste « {post} » de <b>{organisation}</b> est inscrit sur la liste des travaux d'intérêt "
                f"général du département, pour {dossier.places} place(s)."
            )
        return f"L'inscription du poste « {post} » de <b>{organisation}</b> est refusée."
    if granted:
        return f"Le poste « {post} » de <b>{organisation}</b> est radié de la liste des travaux d'intérêt général."
    return f"La radiation du poste « {post} » de <b>{organisation}</b> est refusée."


def decision_letter(dossier) -> bytes:
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    decider = dossier.decided_by
    service = decider.service.name if decider and decider.service_id else ""
    story = [
        Paragraph("Ministère de la Justice", styles["Heading3"]),
        Paragraph(escape(service), body),
        Spacer(1, 0.6 * cm),
        Paragraph(f"Décision n° {dossier.reference}", heading),
        Paragraph(f"Le {timezone.localtime(dossier.decided_at):%d/%m/%Y}", body),
        Paragraph(f"Objet : {escape(dossier.get_kind_display())}", body),
        Paragraph(
            f"Structure : {escape(dossier.organisation.name)}, SIRET {dossier.organisation.siret}, "
            f"{escape(dossier.organisation.address)}, {escape(dossier.organisation.commune.label)}",
            body,
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(f"Vu les {LEGAL_BASIS[dossier.kind]} ;", body),
    ]
    for opinion in dossier.opinions.all():
        story.append(
            Paragraph(
                f"Vu l'avis {opinion.get_verdict_display().lower()} du {opinion.get_authority_display().lower()} "
                f"rendu le {timezone.localtime(opinion.given_at):%d/%m/%Y} ;",
                body,
            )
        )
    if dossier.opinions_requested_at and not dossier.opinions_complete:
        story.append(
            Paragraph(
                f"Vu la demande d'avis du {timezone.localtime(dossier.opinions_requested_at):%d/%m/%Y}, "
                "restée en partie sans réponse dans le délai légal ;",
                body,
            )
        )
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph("Décide :", styles["Heading3"]),
        Paragraph(_decision_sentence(dossier), body),
        Spacer(1, 0.3 * cm),
        Paragraph("Motifs :", styles["Heading4"]),
        Paragraph(escape(dossier.decision_reason).replace("\n", "<br/>"), body),
        Spacer(1, 0.8 * cm),
        Paragraph(f"{escape(decider.get_full_name() if decider else '')}, {escape(dossier.decider_title)}", body),
        Spacer(1, 0.4 * cm),
        Paragraph(
            "Copie : structure d'accueil, président du tribunal judiciaire, juge de l'application des peines, "
            "procureur de la République, préfet.",
            styles["Italic"],
        ),
    ]
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=f"Décision {dossier.reference}", author="Plateforme TIG", leftMargin=2.5 * cm
    ).build(story)
    return buffer.getvalue()
