"""The steps of a collective worksite's people (docs/regles.md, C3–C6): enrolling measures on a
session or a series, withdrawing an enrolment, filling a session's attendance sheet. Each is one
transaction: a refusal anywhere in it saves nothing.

A seat is taken by one conditional UPDATE of the session's row (« a seat is left ») inside the
transaction that records the enrolment, as a post's place is taken (tig.measures.services): two
enrolments on the last seat at the same moment cannot both win, and the database's own check
(seats_taken ≤ capacity) stands behind it."""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tig.accounts.models import User
from tig.collective import perms
from tig.collective.models import Enrolment, EnrolmentQuerySet
from tig.core.exceptions import Refused
from tig.measures import perms as measures_perms
from tig.measures import services as measures
from tig.measures.enums import (
    MAX_DAILY_HOURS,
    MAX_DAILY_HOURS_MINOR,
    HostAction,
    IncidentKind,
    MeasureKind,
    MedicalTrigger,
)
from tig.measures.models import Measure, Placement
from tig.measures.progress import format_hours
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify
from tig.posts.models import Post, Session
from tig.posts.sessions import when


def session_hours(session: Session) -> Decimal:
    """The most hours a session can count: its length, to the half hour below."""
    minutes = (session.ends_at - session.starts_at) / timedelta(minutes=1)
    return Decimal(math.floor(minutes / 30)) / 2


def _sessions_to_enrol(session: Session, whole_series: bool) -> list[Session]:
    """The session, or the sessions of its series from it on: to come, not cancelled."""
    if whole_series and session.series is not None:
        found = Session.objects.filter(series=session.series, starts_at__gte=session.starts_at)
    else:
        found = Session.objects.filter(pk=session.pk)
    return list(found.filter(cancelled_at__isnull=True, starts_at__gt=timezone.now()).order_by("starts_at", "pk"))


def _take_seat(session: Session) -> bool:
    taken = Session.objects.filter(
        pk=session.pk, cancelled_at__isnull=True, seats_taken__lt=F("capacity"), starts_at__gt=timezone.now()
    ).update(seats_taken=F("seats_taken") + 1)
    return bool(taken)


def _give_back_seat(session_id: int) -> None:
    Session.objects.filter(pk=session_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def _schedule(sessions: list[Session]) -> str:
    """The placement's schedule in a line (its documents list every session)."""
    first, last = sessions[0], sessions[-1]
    if len(sessions) == 1:
        return f"Séance du chantier collectif : {when(first)}"
    return f"{len(sessions)} séances du chantier collectif, du {when(first)} au {when(last)}"


def unfit(measure: Measure, post: Post) -> str:
    """Why the worksite cannot take this measure (its conditions, as a post's), or ''."""
    if measure.kind == MeasureKind.TNR and not post.accepts_tnr:
        return f"Le chantier n'accueille pas de travail non rémunéré (mesure de {measure.person_name})."
    if measure.kind != MeasureKind.TNR and not post.accepts_tig:
        return f"Le chantier n'accueille pas de travail d'intérêt général (mesure de {measure.person_name})."
    if measure.is_minor and not post.minors_allowed:
        return f"Le chantier n'est pas ouvert aux mineurs (mesure de {measure.person_name})."
    return ""


def _check_free_at_those_times(measure: Measure, sessions: list[Session]) -> None:
    """A person is never enrolled on two sessions that overlap (this worksite's or another's):
    the person's sessions over the whole span read at once (the measure is locked)."""
    busy = list(
        Session.objects.filter(
            enrolments__placement__measure=measure,
            enrolments__withdrawn_at__isnull=True,
            cancelled_at__isnull=True,
            starts_at__lt=sessions[-1].ends_at,
            ends_at__gt=sessions[0].starts_at,
        ).values_list("starts_at", "ends_at")
    )
    for session in sessions:
        if any(starts < session.ends_at and ends > session.starts_at for starts, ends in busy):
            raise Refused(f"{measure.person_name} a déjà une séance à ce moment-là : le {when(session)}.")


def enrol(
    user: User,
    session: Session,
    chosen: list[Measure],
    *,
    whole_series: bool = False,
    tasks: str,
    medical_triggers: list[str] | None = None,
) -> list[Enrolment]:
    """Enrol measures on a session, or on its series from it on. A measure not yet assigned is
    assigned to the worksite by it (the assignment decision, its documents and notifications:
    tig.measures.services.assign); one assigned to the worksite gets more sessions; one assigned
    elsewhere is refused. Every seat is taken, or nothing is saved."""
    if not chosen:
        raise Refused("Choisissez au moins une personne à inscrire.")
    if not tasks.strip():
        raise Refused("Indiquez les tâches confiées sur le chantier.")
    try:
        with transaction.atomic():
            post = Post.objects.select_related("organisation", "commune").get(pk=session.post_id)
            if not post.collective or not post.listed:
                raise Refused("Ce chantier n'est pas ouvert aux inscriptions.")
            sessions = _sessions_to_enrol(session, whole_series)
            if not sessions:
                raise Refused("Une séance passée ou annulée n'est plus ouverte aux inscriptions.")
            made: list[Enrolment] = []
            for measure in sorted(chosen, key=lambda measure: measure.pk):  # one order: no deadlock
                made += _enrol_one(user, post, sessions, measure, tasks.strip(), medical_triggers or [])
            _tell_supervisors(post, sessions, made)
    except IntegrityError as error:  # the same person enrolled at the same moment by someone else
        raise Refused("Une de ces personnes vient d'être inscrite à cette séance par quelqu'un d'autre.") from error
    return made


def _enrol_one(
    user: User, post: Post, sessions: list[Session], measure: Measure, tasks: str, medical_triggers: list[str]
) -> list[Enrolment]:
    if not measures_perms.can_assign(user, measure):
        raise Refused(f"Vous ne décidez pas de l'affectation de {measure.person_name}.")
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.is_closed:
        raise Refused(f"La mesure de {measure.person_name} est close.")
    if reason := unfit(measure, post):
        raise Refused(reason)
    placement = Placement.objects.filter(measure=measure, ended_at__isnull=True).first()
    if placement is not None and placement.post_id != post.pk:
        raise Refused(
            f"La mesure de {measure.person_name} est affectée sur un autre poste : mettez d'abord fin à cette "
            "affectation."
        )
    if placement is None:
        first = sessions[0]
        if measure.is_minor and MedicalTrigger.MINOR not in medical_triggers:
            medical_triggers = [MedicalTrigger.MINOR, *medical_triggers]  # the law's, not a choice
        placement = measures.assign(
            measure,
            post,
            user,
            tasks=tasks,
            schedule=_schedule(sessions),
            weekly_hours=math.ceil(session_hours(first)) or 1,
            medical_triggers=medical_triggers,
            first_appointment_at=first.starts_at,
            first_appointment_place=first.meeting_point,
            enrolment=True,
        )
    _check_free_at_those_times(measure, sessions)
    made = []
    for session in sessions:
        if not _take_seat(session):
            raise Refused(
                f"Il ne reste plus de place à la séance du {when(session)} : inscrivez moins de personnes, ou "
                "séance par séance."
            )
        made.append(Enrolment.objects.create(session=session, placement=placement, enrolled_by=user))
    notify(
        measures.followers(measure),
        NotificationKind.WORKSITE,
        f"Inscription au chantier collectif pour la mesure {measure.appi_number}",
        f"{measure.person_name} : inscription à {len(sessions)} séance{'s' if len(sessions) > 1 else ''} du chantier "
        f"« {post.title} », à partir du {when(sessions[0])}. Le courrier à remettre à la personne est sur la page "
        "de la mesure.",
        reverse("measures:detail", args=[measure.pk]),
    )
    return made


def _tell_supervisors(post: Post, sessions: list[Session], made: list[Enrolment]) -> None:
    people = len({enrolment.placement_id for enrolment in made})
    notify(
        post.supervisors.filter(is_active=True),
        NotificationKind.WORKSITE,
        f"Chantier « {post.title} » : {people} inscription{'s' if people > 1 else ''}",
        f"Inscriptions à partir de la séance du {when(sessions[0])}. Vous verrez leur nom et remplirez la feuille "
        "de présence dans « Chantiers collectifs ».",
        reverse("collective:session", args=[sessions[0].pk]),
    )


def withdraw(user: User, enrolment: Enrolment) -> Enrolment:
    """Withdraw an enrolment on a session to come: its seat is given back. (The placement goes
    on with its other sessions; the service ends it as any placement.)"""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("session__post", "placement__measure")
            .get(pk=enrolment.pk)
        )
        measure = enrolment.placement.measure
        if not perms.can_withdraw(user, measure):
            raise Refused("L'inscription est retirée par qui décide de l'affectation.")
        if enrolment.withdrawn_at is not None:
            raise Refused("Cette inscription est déjà retirée.")
        if enrolment.session.starts_at <= timezone.now():
            raise Refused("La séance a commencé : l'inscription ne se retire plus, la présence se pointe.")
        _withdraw(enrolment, user)
        session = enrolment.session
        notify(
            session.post.supervisors.filter(is_active=True),
            NotificationKind.WORKSITE,
            f"Chantier « {session.post.title} » : une inscription retirée",
            f"{measure.person_name} ne viendra pas à la séance du {when(session)}.",
            reverse("collective:session", args=[session.pk]),
        )
    return enrolment


def _withdraw(enrolment: Enrolment, user: User) -> None:
    enrolment.withdrawn_at, enrolment.withdrawn_by = timezone.now(), user
    enrolment.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _give_back_seat(enrolment.session_id)


def release(placement: Placement, user: User) -> int:
    """A placement ended: its enrolments on the sessions to come are withdrawn and their seats
    given back (inside the transaction that ended it)."""
    ahead = Enrolment.objects.active().filter(placement=placement, session__starts_at__gt=timezone.now())
    released = list(ahead.select_for_update())
    for enrolment in released:
        _withdraw(enrolment, user)
    return len(released)


@dataclass(frozen=True)
class Line:
    """A line of the sheet as the supervisor filled it."""

    present: bool
    hours: Decimal | None = None
    incident: bool = False
    note: str = ""


def sheet(session: Session) -> EnrolmentQuerySet:
    """The session's lines, with the only things a supervisor sees of each person (C6)."""
    return (
        Enrolment.objects.active()
        .filter(session=session)
        .select_related("placement__measure", "attendance")
        .only(
            "pk",
            "present",
            "hours",
            "marked_at",
            "placement__id",
            "placement__ended_at",
            "placement__measure__id",
            "placement__measure__last_name",
            "placement__measure__first_names",
            "placement__measure__service_id",
            "placement__measure__is_minor",
            "placement__measure__appi_number",
            "attendance__id",
            "attendance__validated_at",
            "attendance__set_aside_at",
        )
        .order_by("placement__measure__last_name", "placement__measure__first_names", "pk")
    )


def record_sheet(user: User, session: Session, lines: dict[int, Line]) -> int:
    """The supervisor's sheet for a session that has started: every line still to fill, present
    (its hours go to the measure, to be validated by its officer) or absent (with an incident
    reported to the officer if asked). A line once filled is the measure's record: the officer
    sets its hours aside if they are wrong."""
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("post").get(pk=session.pk)
        post = session.post
        if not perms.can_fill_sheet(user, post, set(post.supervisors.values_list("pk", flat=True))):
            raise Refused("La feuille de présence est remplie par les encadrants du chantier.")
        if session.cancelled_at is not None:
            raise Refused("Cette séance est annulée : il n'y a pas de présence à pointer.")
        if session.starts_at > timezone.now():
            raise Refused("La feuille de présence se remplit une fois la séance commencée.")
        to_mark = list(
            Enrolment.objects.to_mark()
            .filter(session=session)
            .select_related("placement__measure", "placement__post")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        if not to_mark:
            raise Refused("La feuille de présence de cette séance est déjà remplie.")
        day, length = timezone.localtime(session.starts_at).date(), session_hours(session)
        now = timezone.now()
        for enrolment in to_mark:
            measure = enrolment.placement.measure
            name = measure.person_name
            line = lines.get(enrolment.pk)
            if line is None:
                raise Refused(f"Indiquez la présence ou l'absence de {name}.")
            if line.present:
                most = min(length, Decimal(MAX_DAILY_HOURS_MINOR if measure.is_minor else MAX_DAILY_HOURS))
                hours = line.hours
                if hours is None or not 0 < hours <= most or hours * 2 != int(hours * 2):  # the form checks too
                    raise Refused(
                        f"Indiquez les heures de {name} par demi-heure, de 0,5 à {format_hours(most)} pour cette séance."
                    )
                try:
                    enrolment.attendance = measures.record_attendance(
                        enrolment.placement, user, worked_on=day, hours=hours, announce=False
                    )
                except Refused as refusal:
                    raise Refused(f"{name} : {refusal}") from refusal
                enrolment.hours = hours
            elif line.incident:
                enrolment.incident = measures.report_incident(
                    enrolment.placement,
                    user,
                    kind=IncidentKind.ABSENCE,
                    occurred_on=day,
                    description=line.note.strip() or f"Absence à la séance du {when(session)}.",
                    host_action=HostAction.NONE,
                )
            enrolment.present, enrolment.marked_by, enrolment.marked_at = line.present, user, now
            enrolment.save(update_fields=["present", "hours", "attendance", "incident", "marked_by", "marked_at"])
        _tell_of_hours(session, [enrolment.placement.measure for enrolment in to_mark if enrolment.present])
    return len(to_mark)


def _tell_of_hours(session: Session, present: list[Measure]) -> None:
    """Once per officer (or per service without one) for a whole sheet: the hours to validate."""
    groups: dict[tuple[str, int], list[Measure]] = {}
    for measure in present:
        key = ("officer", measure.officer_id) if measure.officer_id else ("service", measure.service_id)
        groups.setdefault(key, []).append(measure)
    for people in groups.values():
        names = ", ".join(measure.person_name for measure in people)
        notify(
            measures.followers(people[0]),
            NotificationKind.HOURS_RECORDED,
            f"Heures à valider : chantier « {session.post.title} », {when(session)}",
            f"La feuille de présence est remplie. Heures à valider pour : {names}.",
            reverse("measures:caseload") + "?afaire=heures",
        )


def tell_of_changed_sessions(sessions: list[Session], user: User, cancelled: bool, reason: str) -> None:
    """Sessions to come changed or cancelled (tig.posts.services): each participant's officer,
    the host and the supervisors hear of it, once per session."""
    for session in sessions:
        enrolled = list(Enrolment.objects.active().filter(session=session).select_related("placement__measure"))
        what = (
            f"annulée : {reason}" if cancelled else f"modifiée : désormais le {when(session)}, {session.meeting_point}"
        )
        title = f"Chantier « {session.post.title} » : séance {'annulée' if cancelled else 'modifiée'}"
        for enrolment in enrolled:
            measure = enrolment.placement.measure
            notify(
                measures.followers(measure),
                NotificationKind.WORKSITE,
                f"{title} ({measure.appi_number})",
                f"La séance de {measure.person_name} est {what}. Prévenez la personne.",
                reverse("measures:detail", args=[measure.pk]),
            )
        team = measures.host_recipients(session.post) | session.post.supervisors.filter(is_active=True)
        notify(
            team.exclude(pk=user.pk).distinct(),
            NotificationKind.WORKSITE,
            title,
            f"La séance prévue est {what}. Participants inscrits : {len(enrolled)} ; leur conseiller est prévenu.",
            reverse("posts:detail", args=[session.post_id]),
        )
