"""The measure's documents, as PDF: the assignment decision (the service's, and the host's own
version), the letter to the person, the incident report and the failure report to the JAP, the
host's completion attestation. Each holds what its reader needs and no more: what the host
downloads (its decision, the attestation) holds of the person only the name, the tasks, the
schedule and the hours — no APPI number, sentence, date of birth, residence or medical reason
(docs/decisions/0007)."""

from django.utils import timezone

from tig.core.pdf import letter, text
from tig.measures.enums import MeasureKind, MedicalTrigger
from tig.measures.progress import format_hours
from tig.measures.sections import placement_details


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y}"


def _host_lines(placement) -> list[str]:
    post = placement.post
    return [
        f"Structure d'accueil : <b>{text(post.organisation.name)}</b>",
        f"Poste : {text(post.title)}, {text(post.site_address)} {text(post.commune.label)}",
        f"Tâches confiées : {text(placement.tasks)}",
        f"Horaires : {text(placement.schedule)} ({placement.weekly_hours or '—'} heures par semaine prévues)",
        *placement_details(placement),
    ]


def assignment_decision(placement) -> bytes:
    measure, decider = placement.measure, placement.decided_by
    authority = "juge de l'application des peines" if measure.assignment_reserved else "directeur du service"
    lines = [
        f"Le {_day(placement.decided_at)}",
        None,
        "Vu l'article 131-22 du code pénal et les articles R. 623-1 et suivants du code pénitentiaire ;",
        f"Vu la décision du {measure.sentence_date:%d/%m/%Y} ({text(measure.get_kind_display().lower())}, "
        f"{measure.hours_ordered} heures, mesure n° {text(measure.appi_number)}) ;",
        None,
        "## Décide",
        f"<b>{text(measure.person_name)}</b> accomplira les heures prononcées auprès de la structure suivante :",
        *_host_lines(placement),
        f"Le travail est à accomplir au plus tard le {measure.effective_deadline():%d/%m/%Y}.",
    ]
    if placement.medical_triggers:
        reasons = ", ".join(MedicalTrigger(trigger).label.lower() for trigger in placement.medical_triggers)
        lines.append(f"Un examen médical préalable est requis ({text(reasons)}).")
    return letter(
        f"Décision d'affectation — mesure {measure.appi_number}",
        str(measure.service),
        lines,
        signature=f"{text(decider.get_full_name())}, {authority}",
        copy="Notifiée à la personne et à la structure d'accueil ; copie au procureur de la République.",
    )


def host_assignment_decision(placement) -> bytes:
    """The decision as the host receives it: the host, the post, the tasks, the schedule, the
    person's name and the hours to accomplish."""
    measure, decider = placement.measure, placement.decided_by
    authority = "juge de l'application des peines" if measure.assignment_reserved else "directeur du service"
    lines = [
        f"Le {_day(placement.decided_at)}",
        None,
        f"<b>{text(measure.person_name)}</b> accomplira {measure.hours_ordered} heures de travail auprès de "
        "la structure suivante :",
        *_host_lines(placement),
        None,
        f"Le service {text(measure.service)} suit la mesure : signalez-lui sans délai toute absence, tout "
        "manquement et tout incident, dans la plateforme (« Personnes accueillies »).",
    ]
    return letter(
        "Décision d'affectation — exemplaire de la structure d'accueil",
        str(measure.service),
        lines,
        signature=f"{text(decider.get_full_name())}, {authority}",
    )


# The letter to the person, for each kind of measure: its title, what was decided (from the
# decision's date and the hours) and what failing to do the work exposes to (docs/regles.md, R35).
LETTER_WORDING = {
    MeasureKind.TIG: (
        "Votre travail d'intérêt général",
        "Par jugement du {date}, vous devez accomplir <b>{hours} heures de travail d'intérêt général</b> (TIG).",
        "Si ce travail n'est pas accompli, le juge de l'application des peines peut ordonner l'exécution de "
        "l'emprisonnement ou de l'amende fixés par le tribunal (article 131-9 du code pénal).",
    ),
    MeasureKind.SURSIS_PROBATOIRE: (
        "Votre travail d'intérêt général (sursis probatoire)",
        "Par jugement du {date}, vous avez été placé sous le régime du sursis probatoire, avec l'obligation "
        "d'accomplir <b>{hours} heures de travail d'intérêt général</b>.",
        "Ce travail est une obligation de votre sursis probatoire : ne pas l'accomplir peut conduire à la "
        "révocation du sursis, c'est-à-dire à l'exécution de l'emprisonnement.",
    ),
    MeasureKind.CONVERSION: (
        "Votre travail d'intérêt général (conversion de peine)",
        "Par décision du {date}, votre peine d'emprisonnement a été convertie en <b>{hours} heures de travail "
        "d'intérêt général</b>, avec votre accord.",
        "Si ce travail n'est pas accompli, le juge peut ordonner l'exécution de la peine d'emprisonnement "
        "initiale, ou de ce qu'il en reste (article 747-1 du code de procédure pénale).",
    ),
    MeasureKind.TNR: (
        "Votre travail non rémunéré",
        "Dans le cadre de la composition pénale validée le {date}, vous devez accomplir <b>{hours} heures de "
        "travail non rémunéré</b> (TNR).",
        "Ce travail est une mesure de la composition pénale que vous avez acceptée : s'il n'est pas accompli, le "
        "procureur de la République peut engager des poursuites (article 41-2 du code de procédure pénale).",
    ),
    MeasureKind.CONTRAVENTION: (
        "Votre travail d'intérêt général",
        "Par jugement du {date}, vous devez accomplir <b>{hours} heures de travail d'intérêt général</b> pour "
        "une contravention.",
        "Si ce travail n'est pas accompli, le juge de l'application des peines peut ordonner l'exécution de la "
        "sanction fixée par la juridiction.",
    ),
}


def letter_to_person(placement) -> bytes:
    """To the person: what the decision asks in the words of its kind, the host, the tutor and
    the first appointment, the deadline, and what failing exposes to."""
    measure = placement.measure
    officer = measure.officer
    title, decided, failing = LETTER_WORDING[MeasureKind(measure.kind)]
    tutor = placement.tutor.get_full_name() if placement.tutor else "le tuteur désigné par la structure"
    if placement.first_appointment_at:
        moment = timezone.localtime(placement.first_appointment_at)
        place = placement.first_appointment_place or f"{placement.post.site_address} {placement.post.commune.label}"
        appointment = (
            f"<b>Premier rendez-vous : le {moment:%d/%m/%Y à %H:%M}</b>, {text(place.strip())}, avec {text(tutor)}"
            + (f" et {text(officer.get_full_name())}, votre conseiller." if officer else " et votre conseiller.")
        )
    else:
        appointment = (
            f"Votre conseiller vous indiquera la date de votre premier rendez-vous avec {text(tutor)}, votre tuteur "
            "dans la structure."
        )
    lines = [
        f"Madame, Monsieur <b>{text(measure.person_name)}</b>,",
        None,
        decided.format(date=f"{measure.sentence_date:%d/%m/%Y}", hours=measure.hours_ordered),
        "Vous accomplirez ce travail auprès de la structure suivante :",
        *_host_lines(placement),
        f"Votre tuteur : {text(tutor)}",
        None,
        appointment,
        f"Vous devez avoir accompli toutes les heures au plus tard le <b>{measure.effective_deadline():%d/%m/%Y}</b>.",
        "Signalez sans attendre toute absence ou tout empêchement à votre conseiller.",
        failing,
    ]
    return letter(
        title,
        str(measure.service),
        lines,
        signature=f"{text(officer.get_full_name() if officer else 'Votre conseiller')}, service {text(measure.service)}",
    )


def incident_report(incident) -> bytes:
    placement = incident.placement
    measure = placement.measure
    lines = [
        f"Le {_day(incident.report_at)}",
        f"Mesure n° {text(measure.appi_number)} — <b>{text(measure.person_name)}</b>, "
        f"{measure.hours_ordered} heures ({text(measure.get_kind_display().lower())})",
        f"Structure d'accueil : {text(placement.post.organisation.name)}, poste « {text(placement.post.title)} »",
        None,
        "## Incident signalé par la structure",
        f"{text(incident.get_kind_display())}, le {incident.occurred_on:%d/%m/%Y}, "
        f"signalé le {_day(incident.reported_at)}.",
        text(incident.description),
        f"Suite donnée par la structure : {text(incident.get_host_action_display().lower())}.",
        None,
        "## Rapport du service",
        text(incident.report),
    ]
    return letter(
        "Rapport d'incident au juge de l'application des peines",
        str(measure.service),
        lines,
        signature=f"{text(incident.report_by.get_full_name())}, service {text(measure.service)}",
        copy=f"Destinataire : {text(measure.jap.get_full_name() if measure.jap else 'le juge de l’application des peines')}",
    )


def attestation(placement, hours_done) -> bytes:
    measure = placement.measure
    organisation = placement.post.organisation
    lines = [
        f"La structure <b>{text(organisation.name)}</b> ({text(organisation.address)}, "
        f"{text(organisation.commune.label)}) atteste que <b>{text(measure.person_name)}</b> "
        f"a exécuté le travail qui lui a été confié sur le poste « {text(placement.post.title)} ».",
        f"Heures effectuées et validées : <b>{format_hours(hours_done)} heures</b> sur les {measure.hours_ordered} "
        "prononcées.",
        f"Fait le {_day(placement.attestation_issued_at)}.",
    ]
    return letter(
        "Attestation d'exécution du travail",
        str(measure.service),
        lines,
        signature=f"{text(placement.attestation_issued_by.get_full_name())}, pour {text(organisation.name)}",
        copy="Remise à la personne ; copie au service de probation et au juge de l'application des peines.",
    )


def failure_report(measure, hours_done) -> bytes:
    lines = [
        f"Le {_day(measure.closed_at)}",
        f"Mesure n° {text(measure.appi_number)} — <b>{text(measure.person_name)}</b>",
        f"{text(measure.get_kind_display())}, décision du {measure.sentence_date:%d/%m/%Y} : "
        f"{measure.hours_ordered} heures, à accomplir au plus tard le {measure.effective_deadline():%d/%m/%Y}.",
        f"Heures effectuées et validées : {format_hours(hours_done)}.",
        f"Motif : <b>{text(measure.get_failure_reason_display())}</b>",
        None,
        "## Rapport",
        text(measure.failure_report),
    ]
    return letter(
        "Rapport de non-exécution au juge de l'application des peines",
        str(measure.service),
        lines,
        signature=f"{text(measure.closed_by.get_full_name())}, service {text(measure.service)}",
    )
