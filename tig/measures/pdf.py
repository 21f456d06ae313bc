"""The measure's documents, as PDF: the assignment decision, the letter to the person, the
incident report and the failure report to the JAP, the host's completion attestation.
Each holds what its reader needs and no more (the host's documents: name, hours, schedule)."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from tig.measures.enums import MedicalTrigger
from tig.measures.progress import format_hours

STYLES = getSampleStyleSheet()


def _text(value) -> str:
    return escape(str(value)).replace("\n", "<br/>")


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y}"


def _build(title: str, sender: str, lines: list[str | None], *, signature: str = "", copy: str = "") -> bytes:
    """One page: the sender, the title, paragraphs (None: a blank line; « ## »: a heading),
    the signature and who gets a copy."""
    story = [Paragraph("Ministère de la Justice", STYLES["Heading3"]), Paragraph(_text(sender), STYLES["BodyText"])]
    story += [Spacer(1, 0.6 * cm), Paragraph(_text(title), STYLES["Heading2"])]
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


def _host_lines(placement) -> list[str]:
    post = placement.post
    return [
        f"Structure d'accueil : <b>{_text(post.organisation.name)}</b>",
        f"Poste : {_text(post.title)}, {_text(post.site_address)} {_text(post.commune.label)}",
        f"Tâches confiées : {_text(placement.tasks)}",
        f"Horaires : {_text(placement.schedule)} ({placement.weekly_hours or '—'} heures par semaine prévues)",
    ]


def assignment_decision(placement) -> bytes:
    measure, decider = placement.measure, placement.decided_by
    authority = "juge de l'application des peines" if measure.assignment_reserved else "directeur du service"
    lines = [
        f"Le {_day(placement.decided_at)}",
        None,
        "Vu l'article 131-22 du code pénal et les articles R. 623-1 et suivants du code pénitentiaire ;",
        f"Vu la décision du {measure.sentence_date:%d/%m/%Y} ({_text(measure.get_kind_display().lower())}, "
        f"{measure.hours_ordered} heures, mesure n° {_text(measure.appi_number)}) ;",
        None,
        "## Décide",
        f"<b>{_text(measure.person_name)}</b> accomplira les heures prononcées auprès de la structure suivante :",
        *_host_lines(placement),
        f"Le travail est à accomplir au plus tard le {measure.effective_deadline():%d/%m/%Y}.",
    ]
    if placement.medical_triggers:
        reasons = ", ".join(MedicalTrigger(trigger).label.lower() for trigger in placement.medical_triggers)
        lines.append(f"Un examen médical préalable est requis ({_text(reasons)}).")
    return _build(
        f"Décision d'affectation — mesure {measure.appi_number}",
        str(measure.service),
        lines,
        signature=f"{_text(decider.get_full_name())}, {authority}",
        copy="Notifiée à la personne et à la structure d'accueil ; copie au procureur de la République.",
    )


def letter_to_person(placement) -> bytes:
    measure = placement.measure
    officer = measure.officer.get_full_name() if measure.officer else "votre conseiller"
    lines = [
        f"Madame, Monsieur <b>{_text(measure.person_name)}</b>,",
        None,
        f"Vous avez été condamné(e) le {measure.sentence_date:%d/%m/%Y} à accomplir "
        f"<b>{measure.hours_ordered} heures</b> de travail non rémunéré "
        f"({_text(measure.get_kind_display().lower())}).",
        "Vous accomplirez ce travail auprès de la structure suivante :",
        *_host_lines(placement),
        None,
        f"Vous devez avoir accompli toutes les heures au plus tard le <b>{measure.effective_deadline():%d/%m/%Y}</b>.",
        "Votre tuteur dans la structure vous accueillera lors d'un premier rendez-vous en présence de votre "
        "conseiller. Signalez sans attendre toute absence ou tout empêchement à votre conseiller.",
        "Ne pas accomplir ce travail expose à la mise à exécution de la peine fixée par le tribunal "
        "(article 131-9 du code pénal).",
    ]
    return _build(
        "Votre travail d'intérêt général",
        str(measure.service),
        lines,
        signature=f"{_text(officer)}, service {_text(measure.service)}",
    )


def incident_report(incident) -> bytes:
    placement = incident.placement
    measure = placement.measure
    lines = [
        f"Le {_day(incident.report_at)}",
        f"Mesure n° {_text(measure.appi_number)} — <b>{_text(measure.person_name)}</b>, "
        f"{measure.hours_ordered} heures ({_text(measure.get_kind_display().lower())})",
        f"Structure d'accueil : {_text(placement.post.organisation.name)}, poste « {_text(placement.post.title)} »",
        None,
        "## Incident signalé par la structure",
        f"{_text(incident.get_kind_display())}, le {incident.occurred_on:%d/%m/%Y}, "
        f"signalé le {_day(incident.reported_at)}.",
        _text(incident.description),
        f"Suite donnée par la structure : {_text(incident.get_host_action_display().lower())}.",
        None,
        "## Rapport du service",
        _text(incident.report),
    ]
    return _build(
        "Rapport d'incident au juge de l'application des peines",
        str(measure.service),
        lines,
        signature=f"{_text(incident.report_by.get_full_name())}, service {_text(measure.service)}",
        copy=f"Destinataire : {_text(measure.jap.get_full_name() if measure.jap else 'le juge de l’application des peines')}",
    )


def attestation(placement, hours_done) -> bytes:
    measure = placement.measure
    organisation = placement.post.organisation
    lines = [
        f"La structure <b>{_text(organisation.name)}</b> ({_text(organisation.address)}, "
        f"{_text(organisation.commune.label)}) atteste que <b>{_text(measure.person_name)}</b> "
        f"a exécuté le travail qui lui a été confié sur le poste « {_text(placement.post.title)} ».",
        f"Heures effectuées et validées : <b>{format_hours(hours_done)} heures</b> sur les {measure.hours_ordered} prononcées "
        f"(mesure n° {_text(measure.appi_number)}).",
        f"Fait le {_day(placement.attestation_issued_at)}.",
    ]
    return _build(
        "Attestation d'exécution du travail",
        str(measure.service),
        lines,
        signature=f"{_text(placement.attestation_issued_by.get_full_name())}, pour {_text(organisation.name)}",
        copy="Remise à la personne ; copie au service de probation et au juge de l'application des peines.",
    )


def failure_report(measure, hours_done) -> bytes:
    lines = [
        f"Le {_day(measure.closed_at)}",
        f"Mesure n° {_text(measure.appi_number)} — <b>{_text(measure.person_name)}</b>",
        f"{_text(measure.get_kind_display())} prononcé(e) le {measure.sentence_date:%d/%m/%Y} : "
        f"{measure.hours_ordered} heures, à accomplir au plus tard le {measure.effective_deadline():%d/%m/%Y}.",
        f"Heures effectuées et validées : {format_hours(hours_done)}.",
        f"Motif : <b>{_text(measure.get_failure_reason_display())}</b>",
        None,
        "## Rapport",
        _text(measure.failure_report),
    ]
    return _build(
        "Rapport de non-exécution au juge de l'application des peines",
        str(measure.service),
        lines,
        signature=f"{_text(measure.closed_by.get_full_name())}, service {_text(measure.service)}",
    )
