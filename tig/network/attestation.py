"""The « attestation de tutorat » (docs/regles.md, P16): what a tutor did in one host organisation,
in counts only, that the organisation hands over to value the tutor's work."""

from decimal import Decimal

from django.utils import timezone

from tig.core.pdf import letter, text
from tig.network.tutors import Record, Tutoring


def hours_label(hours: Decimal | None) -> str:
    value = hours or Decimal(0)
    figure = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{figure} heure{'s' if value > 1 else ''}"


def attestation(record: Record, tutoring: Tutoring, issued_by: str) -> bytes:
    tutor, organisation = record.tutor, tutoring.organisation
    lines: list[str | None] = [
        f"{text(organisation.name)}, {text(organisation.address)}, {text(organisation.commune.label)}, "
        f"atteste que <b>{text(tutor.get_full_name())}</b> exerce en son sein les fonctions de tuteur de personnes "
        f"accomplissant un travail d'intérêt général ou un travail non rémunéré depuis le "
        f"{tutoring.since:%d/%m/%Y}.",
        None,
    ]
    if tutoring.posts:
        lines.append("## Postes encadrés")
        lines += [f"– {text(title)}" for title in tutoring.posts]
        lines.append(None)
    if tutoring.persons is not None:
        lines.append("## Accueil")
        persons = tutoring.persons
        lines.append(
            f"{persons} personne{'s' if persons > 1 else ''} accueillie{'s' if persons > 1 else ''} et "
            f"{hours_label(tutoring.hours)} de travail encadrées et validées par le service de probation."
        )
        lines.append(None)
    if record.events or record.courses:
        lines.append("## Formations et rencontres suivies")
        lines += [
            f"– Formation en ligne « {text(completion.version.course.title)} » (version {completion.version.number}), "
            f"terminée le {timezone.localtime(completion.completed_at):%d/%m/%Y}"
            for completion in record.courses
        ]
        lines += [
            f"– {text(participation.event.title)}, le {timezone.localtime(participation.event.starts_at):%d/%m/%Y}"
            for participation in record.events
        ]
        lines.append(None)
    lines.append(
        f"Établie d'après les données de la plateforme TIG le {timezone.localdate():%d/%m/%Y}, pour servir et valoir "
        "ce que de droit. Elle ne contient aucune donnée sur les personnes accueillies."
    )
    return letter(
        "Attestation de tutorat",
        f"{organisation.name}\n{organisation.address}\n{organisation.commune.label}",
        lines,
        signature=f"Pour {text(organisation.name)},<br/>{text(issued_by)}",
    )
