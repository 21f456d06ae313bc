"""What happens to a measure once it is recorded: assignment and its end, the hours, the
incidents, the attestation, the closing. Each step is one transaction that locks the
measure's row first, so two people acting at once on the same measure are served in turn.

Taking a place is one conditional UPDATE of the post's row (« a place is left ») inside the
transaction that records the placement: two decisions on the last place at the same moment
cannot both win, on PostgreSQL as on SQLite, and the database's own check
(places_taken ≤ places_offered) stands behind it."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from tig.accounts.enums import MagistrateFunction, Role
from tig.accounts.models import User
from tig.core.exceptions import Refused
from tig.core.text import fit
from tig.measures import perms
from tig.measures.enums import HostAction, MeasureStatus
from tig.measures.models import Attendance, Incident, Measure, Placement, PlacementProposal, Suspension
from tig.measures.progress import format_hours
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify
from tig.organisations.models import organisation_admins
from tig.posts import services as posts
from tig.posts.models import Post

# Sent inside the transaction that ends a placement (placement=…, user=…): the apps above
# release what it held (tig.collective gives back its seats in the sessions to come).
placement_ended = Signal()


def _locked(measure: Measure) -> Measure:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.is_closed:
        raise Refused("La mesure est close.")
    return measure


def _link(measure: Measure) -> str:
    return reverse("measures:detail", args=[measure.pk])


def followers(measure: Measure):
    """Who hears of what happens to a measure: its officer, or the service's director when
    no officer is in charge."""
    if measure.officer_id:
        return User.objects.filter(pk=measure.officer_id)
    return User.objects.filter(service_id=measure.service_id, role__in=(Role.SPIP_DIRECTOR, Role.PJJ_DIRECTOR))


def directors(measure: Measure):
    """Who decides the assignment: the JAP who reserved it, or the service's directors."""
    if measure.assignment_reserved:
        return _jap(measure)
    return User.objects.filter(
        service_id=measure.service_id, role__in=(Role.SPIP_DIRECTOR, Role.PJJ_DIRECTOR), is_active=True
    )


def _jap(measure: Measure):
    return User.objects.filter(pk=measure.jap_id) if measure.jap_id else User.objects.none()


def record_suspension(measure: Measure, user: User, suspension: Suspension) -> Suspension:
    """A period the deadline stops running (R20): by law, recorded by the service; for a serious
    reason, decided by the JAP of the case."""
    with transaction.atomic():
        measure = _locked(measure)
        if not perms.can_record_suspension(user, measure, suspension.reason):
            raise Refused("Vous ne pouvez pas suspendre le délai de cette mesure pour ce motif.")
        suspension.measure, suspension.recorded_by = measure, user
        suspension.save()
    return suspension


def assign(
    measure: Measure,
    post: Post,
    user: User,
    *,
    tasks: str,
    schedule: str,
    weekly_hours: int,
    medical_triggers: list[str],
    tutor: User | None = None,
    first_appointment_at=None,
    first_appointment_place: str = "",
    pace_confirmed: bool = False,
    enrolment: bool = False,
) -> Placement:
    """The assignment decision. On a collective worksite it is taken by enrolling the measure on
    sessions (`enrolment=True`, from tig.collective): the placement holds seats of the sessions
    rather than one of the post's places."""
    if not perms.can_assign(user, measure):
        raise Refused(
            "L'affectation est décidée par le juge, qui se l'est réservée."
            if measure.assignment_reserved
            else "L'affectation est décidée par le directeur du service."
        )
    try:
        with transaction.atomic():
            measure = _locked(measure)
            if measure.placements.active().exists():
                raise Refused("La mesure est déjà affectée : mettez d'abord fin à l'affectation en cours.")
            if post.collective and not enrolment:
                raise Refused("Sur un chantier collectif, on affecte en inscrivant la personne à ses séances.")
            if not post.collective and not posts.take_place(post):
                raise Refused(f"Il ne reste plus de place sur le poste « {post.title} » : choisissez un autre poste.")
            placement = Placement.objects.create(
                measure=measure,
                post=post,
                tasks=tasks,
                schedule=schedule,
                weekly_hours=weekly_hours,
                medical_triggers=medical_triggers,
                tutor=tutor if tutor is not None and post.tutors.filter(pk=tutor.pk).exists() else None,
                first_appointment_at=first_appointment_at,
                first_appointment_place=first_appointment_place,
                decided_by=user,
                holds_place=not post.collective,
            )
            measure.status = MeasureStatus.ASSIGNED
            measure.save(update_fields=["status"])
            _announce(measure, post)
    except IntegrityError as error:  # the other decision on this measure won the race
        raise Refused("La mesure vient d'être affectée par quelqu'un d'autre.") from error
    return placement


def host_recipients(post: Post):
    """Who at the host hears of a placement: the organisation's administrators and the post's
    own tutors (not the tutors of its other posts)."""
    return User.objects.filter(
        Q(pk__in=organisation_admins(post.organisation_id)) | Q(pk__in=post.tutors.values("pk")), is_active=True
    )


def _announce(measure: Measure, post: Post) -> None:
    """The host hears of it (the post's tutors and the organisation's administrators), with
    nothing of the person but what it needs; the prosecutor of the tribunal is informed (CP 131-22)."""
    notify(
        host_recipients(post),
        NotificationKind.PLACEMENT,
        f"Une personne est affectée sur le poste « {post.title} »",
        f"Le service {measure.service} affecte une personne sur ce poste. Son conseiller vous contactera pour "
        "le premier rendez-vous ; son nom, ses horaires et ses heures sont dans « Personnes accueillies ».",
        reverse("measures:hosted"),
    )
    if measure.tribunal_id:
        prosecutors = User.objects.filter(
            role=Role.MAGISTRATE,
            magistrate_function=MagistrateFunction.PROSECUTOR,
            service_id=measure.tribunal_id,
            is_active=True,
        )
        notify(
            prosecutors,
            NotificationKind.PLACEMENT,
            f"Affectation de la mesure {measure.appi_number}",
            f"La mesure {measure.appi_number} ({measure.get_kind_display().lower()}) est affectée sur le poste "
            f"« {post.title} » ({post.organisation.name}).",
        )


def _end(placement: Placement, reason: str, user: User) -> None:
    """End a placement and give its place back to search at once (inside the caller's
    transaction, the measure locked)."""
    placement.ended_at = timezone.now()
    placement.end_reason = fit(reason, Placement._meta.get_field("end_reason").max_length or 255)
    placement.ended_by = user
    placement.save(update_fields=["ended_at", "end_reason", "ended_by"])
    if placement.holds_place:
        posts.give_back_place(placement.post_id)
    placement_ended.send(sender=Placement, placement=placement, user=user)


def end_placement(measure: Measure, reason: str, user: User) -> Placement:
    """End the current placement (the service, or the host); the measure awaits a new one."""
    with transaction.atomic():
        measure = _locked(measure)
        placement = measure.placements.active().select_related("post").first()
        if placement is None:
            raise Refused("La mesure n'a pas d'affectation en cours.")
        if not perms.can_end_placement(user, placement):
            raise Refused("Seuls le service et les administrateurs de la structure mettent fin à un accueil.")
        _end(placement, reason, user)
        measure.status = MeasureStatus.REFERRED
        measure.save(update_fields=["status"])
        if not user.follows_measures:  # the host ended it: the service has to know at once
            notify(
                followers(measure),
                NotificationKind.INCIDENT,
                f"Fin de l'accueil pour la mesure {measure.appi_number}",
                f"{reason}. Une nouvelle affectation est à décider.",
                _link(measure),
            )
    return placement


def _hours(measure: Measure, *, validated_only: bool = False) -> Decimal:
    """The hours recorded (or only those validated) over all the measure's placements.
    (`Measure.objects.with_progress` gives the same, but an aggregate cannot be locked.)"""
    attendances = Attendance.objects.filter(placement__measure=measure, set_aside_at__isnull=True)
    if validated_only:
        attendances = attendances.filter(validated_at__isnull=False)
    return attendances.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def record_attendance(
    placement: Placement, user: User, *, worked_on, hours: Decimal, announce: bool = True
) -> Attendance:
    """The host records a day's hours. The hours recorded never exceed the hours ordered. The
    measure's followers hear of them (`announce=False`: the caller tells them of several at once)."""
    try:
        with transaction.atomic():
            measure = _locked(placement.measure)
            placement = Placement.objects.select_related("post", "measure").get(pk=placement.pk)
            if placement.ended_at:
                raise Refused("L'accueil de cette personne a pris fin.")
            if not perms.can_record_hours(user, placement):
                raise Refused("Les heures sont saisies par la structure d'accueil.")
            if placement.work_suspended_at and worked_on >= timezone.localdate(placement.work_suspended_at):
                raise Refused(
                    f"Le travail est suspendu depuis le {timezone.localtime(placement.work_suspended_at):%d/%m/%Y} : "
                    "aucune heure ne peut être saisie après cette date avant la reprise."
                )
            left = measure.hours_ordered - _hours(measure)
            if hours > left:
                raise Refused(
                    f"Heures restant à effectuer : {format_hours(left)} sur les {measure.hours_ordered} prononcées ; "
                    "la saisie dépasserait la mesure."
                )
            attendance = Attendance.objects.create(
                placement=placement, worked_on=worked_on, hours=hours, recorded_by=user
            )
            if measure.status == MeasureStatus.ASSIGNED:
                measure.status = MeasureStatus.IN_PROGRESS
                measure.save(update_fields=["status"])
            if announce:
                notify(
                    followers(measure),
                    NotificationKind.HOURS_RECORDED,
                    f"Heures à valider pour la mesure {measure.appi_number}",
                    f"Heures effectuées le {worked_on:%d/%m/%Y}, saisies par la structure : {format_hours(hours)}.",
                    _link(measure),
                )
    except IntegrityError as error:
        raise Refused(f"Des heures sont déjà saisies pour le {worked_on:%d/%m/%Y}.") from error
    return attendance


def validate_attendances(measure: Measure, user: User) -> int:
    """The officer validates every entry awaiting validation."""
    with transaction.atomic():
        measure = _locked(measure)
        if not perms.can_validate_hours(user, measure):
            raise Refused("Les heures sont validées par le service qui suit la mesure.")
        now = timezone.now()
        pending = list(
            Attendance.objects.filter(placement__measure=measure, validated_at__isnull=True, set_aside_at__isnull=True)
        )
        for attendance in pending:  # one by one, so that each is in the audit log
            attendance.validated_at, attendance.validated_by = now, user
            attendance.save(update_fields=["validated_at", "validated_by"])
    return len(pending)


def set_aside_attendance(attendance: Attendance, user: User, reason: str) -> None:
    """The officer sets an entry aside, with its reason: kept (marked, never counted), and the
    host hears of it, so that it can record the right hours again."""
    with transaction.atomic():
        measure = _locked(attendance.placement.measure)
        if not perms.can_validate_hours(user, measure):
            raise Refused("Les heures sont validées par le service qui suit la mesure.")
        attendance = Attendance.objects.select_related("placement__post").get(pk=attendance.pk)
        if attendance.validated_at is not None:
            raise Refused("Ces heures sont déjà validées.")
        if attendance.set_aside_at is not None:
            raise Refused("Ces heures sont déjà écartées.")
        attendance.set_aside_at, attendance.set_aside_by, attendance.set_aside_reason = timezone.now(), user, reason
        attendance.save(update_fields=["set_aside_at", "set_aside_by", "set_aside_reason"])
        placement = attendance.placement
        recipients = host_recipients(placement.post).filter(
            Q(pk=attendance.recorded_by_id) | Q(pk__in=organisation_admins(placement.post.organisation_id))
        )
        notify(
            recipients,
            NotificationKind.HOURS_RECORDED,
            f"Heures écartées : {measure.person_name}, le {attendance.worked_on:%d/%m/%Y}",
            f"Le service a écarté les {format_hours(attendance.hours)} h saisies le {attendance.worked_on:%d/%m/%Y}. "
            f"Motif : {reason}. Vous pouvez saisir à nouveau les heures de ce jour.",
            reverse("measures:hosted_detail", args=[placement.pk]),
        )


def propose_post(measure: Measure, post: Post, user: User, **fields) -> PlacementProposal:
    """The officer proposes a post to the director(s) of the service, who decide the assignment."""
    if not perms.can_propose(user, measure):
        raise Refused("Seul le service qui suit la mesure propose un poste.")
    with transaction.atomic():
        proposal = PlacementProposal.objects.create(measure=measure, post=post, proposed_by=user, **fields)
        notify(
            directors(measure),
            NotificationKind.PLACEMENT,
            f"Poste proposé pour la mesure {measure.appi_number}",
            f"{user.get_full_name()} propose le poste « {post.title} » ({post.organisation.name}).",
            reverse("measures:assign", args=[measure.pk, post.pk]) + f"?proposition={proposal.pk}",
        )
    return proposal


def report_incident(placement: Placement, user: User, **fields) -> Incident:
    """The host reports; the officer hears of it at once; the host may suspend the work or
    end the placement (the measure then awaits a new assignment)."""
    with transaction.atomic():
        measure = _locked(placement.measure)
        placement = Placement.objects.select_related("post__organisation").get(pk=placement.pk)
        if placement.ended_at:
            raise Refused("L'accueil de cette personne a pris fin.")
        if not (perms.hosts(user, placement) or perms.supervises(user, placement)):
            raise Refused("Les incidents sont signalés par la structure d'accueil.")
        if fields.get("host_action") == HostAction.END and not perms.may_end_hosting(user, placement):
            raise Refused("Seul un administrateur de la structure met fin à un accueil.")
        incident = Incident.objects.create(placement=placement, reported_by=user, **fields)
        action = incident.host_action
        if action == HostAction.SUSPEND and not placement.work_suspended_at:
            placement.work_suspended_at = timezone.now()
            placement.save(update_fields=["work_suspended_at"])
        elif action == HostAction.END:
            _end(placement, f"Fin à l'initiative de la structure ({incident.get_kind_display().lower()})", user)
            measure.status = MeasureStatus.REFERRED
            measure.save(update_fields=["status"])
        consequence = {
            HostAction.NONE: "Le travail continue.",
            HostAction.SUSPEND: "La structure a suspendu le travail.",
            HostAction.END: "La structure met fin à l'accueil : une nouvelle affectation est à décider.",
        }[HostAction(action)]
        notify(
            followers(measure),
            NotificationKind.INCIDENT,
            f"Incident signalé pour la mesure {measure.appi_number} : {incident.get_kind_display().lower()}",
            f"La structure « {placement.post.organisation.name} » signale un incident survenu le "
            f"{incident.occurred_on:%d/%m/%Y}. {consequence}",
            _link(measure),
        )
    return incident


def resume_work(placement: Placement, user: User) -> None:
    with transaction.atomic():
        measure = _locked(placement.measure)
        suspended = Placement.objects.filter(ended_at__isnull=True, work_suspended_at__isnull=False)
        current = suspended.select_related("post", "measure").filter(pk=placement.pk).first()
        if current is None:
            raise Refused("Le travail n'est pas suspendu.")
        placement = current
        if not perms.can_resume(user, placement):
            raise Refused("Seuls le service et la structure lèvent la suspension du travail.")
        placement.work_suspended_at = None
        placement.save(update_fields=["work_suspended_at"])
        if not user.follows_measures:
            notify(
                followers(measure),
                NotificationKind.INCIDENT,
                f"Reprise du travail pour la mesure {measure.appi_number}",
                "La structure a levé la suspension du travail.",
                _link(measure),
            )


def write_incident_report(incident: Incident, user: User, report: str) -> Incident:
    """The officer's report to the JAP, who is notified."""
    with transaction.atomic():
        measure = Measure.objects.select_for_update().get(pk=incident.placement.measure_id)
        if not perms.can_edit(user, measure):
            raise Refused("Le rapport d'incident est rédigé par le service qui suit la mesure.")
        if Incident.objects.filter(pk=incident.pk, report_at__isnull=False).exists():
            raise Refused("Le rapport de cet incident est déjà adressé au juge.")
        incident.report, incident.report_by, incident.report_at = report, user, timezone.now()
        incident.save(update_fields=["report", "report_by", "report_at"])
        notify(
            _jap(measure),
            NotificationKind.INCIDENT_REPORT,
            f"Rapport d'incident pour la mesure {measure.appi_number}",
            f"Le service {measure.service} vous adresse un rapport d'incident "
            f"({incident.get_kind_display().lower()} du {incident.occurred_on:%d/%m/%Y}).",
            _link(measure),
        )
    return incident


def issue_attestation(placement: Placement, user: User) -> Placement:
    """The host attests the work was done, once every hour ordered is validated."""
    with transaction.atomic():
        measure = _locked(placement.measure)
        placement = Placement.objects.select_related("post", "measure").get(pk=placement.pk)
        if placement.ended_at:
            raise Refused("L'accueil de cette personne a pris fin.")
        if not perms.hosts(user, placement):
            raise Refused("L'attestation est délivrée par la structure d'accueil.")
        if placement.attestation_issued_at:
            raise Refused("L'attestation est déjà délivrée.")
        if _hours(measure, validated_only=True) < measure.hours_ordered:
            raise Refused(
                "L'attestation se délivre une fois toutes les heures effectuées et validées par le conseiller."
            )
        placement.attestation_issued_at, placement.attestation_issued_by = timezone.now(), user
        placement.save(update_fields=["attestation_issued_at", "attestation_issued_by"])
        notify(
            followers(measure),
            NotificationKind.ATTESTATION,
            f"Attestation d'exécution délivrée pour la mesure {measure.appi_number}",
            "La structure atteste que le travail a été exécuté. La mesure peut être close.",
            _link(measure),
        )
    return placement


def _close(measure: Measure, user: User, status: MeasureStatus, end_reason: str) -> None:
    placement = measure.placements.active().first()
    if placement:
        _end(placement, end_reason, user)
    measure.status, measure.closed_at, measure.closed_by = status, timezone.now(), user
    measure.save(update_fields=["status", "closed_at", "closed_by", "failure_reason", "failure_report"])


def close_completed(measure: Measure, user: User) -> Measure:
    """The officer closes an executed measure: hours validated, attestation delivered. The
    place is given back; the JAP is informed."""
    with transaction.atomic():
        measure = _locked(measure)
        if not perms.can_edit(user, measure):
            raise Refused("La mesure est close par le service qui la suit.")
        if _hours(measure, validated_only=True) < measure.hours_ordered:
            raise Refused("Toutes les heures prononcées ne sont pas encore effectuées et validées.")
        if not measure.placements.filter(attestation_issued_at__isnull=False).exists():
            raise Refused("La structure n'a pas encore délivré l'attestation d'exécution.")
        _close(measure, user, MeasureStatus.COMPLETED, "Mesure exécutée")
        notify(
            _jap(measure),
            NotificationKind.MEASURE_CLOSED,
            f"Mesure {measure.appi_number} exécutée",
            f"Les {measure.hours_ordered} heures sont effectuées ; la structure a délivré l'attestation d'exécution.",
            _link(measure),
        )
    return measure


def record_failure(measure: Measure, user: User, *, reason: str, report: str) -> Measure:
    """The measure is not executed (deadline passed, refusal…): closed, with the officer's
    report to the JAP, who decides what follows (CPP 712-6)."""
    with transaction.atomic():
        measure = _locked(measure)
        if not perms.can_edit(user, measure):
            raise Refused("Le rapport de non-exécution est rédigé par le service qui suit la mesure.")
        measure.failure_reason, measure.failure_report = reason, report
        _close(measure, user, MeasureStatus.FAILED, "Mesure non exécutée")
        notify(
            _jap(measure),
            NotificationKind.MEASURE_CLOSED,
            f"Mesure {measure.appi_number} non exécutée : rapport au juge",
            f"Le service {measure.service} vous adresse son rapport ({measure.get_failure_reason_display().lower()}).",
            _link(measure),
        )
    return measure
