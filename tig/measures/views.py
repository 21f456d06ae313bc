from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.enums import Role
from tig.accounts.models import Service, User
from tig.accounts.typing import AuthenticatedRequest
from tig.audit.enums import Operation
from tig.audit.recording import acting_as, record_bulk, record_read
from tig.core.exceptions import Refused
from tig.core.params import id_param, parse_int
from tig.core.pdf import pdf_response
from tig.core.shortcuts import render_form
from tig.measures import matching as post_matching
from tig.measures import pdf, perms, sections, services
from tig.measures.enums import AUTOMATIC_REASONS, HostAction, MeasureStatus, SuspensionReason
from tig.measures.forms import (
    AttendanceForm,
    EndPlacementForm,
    FailureForm,
    IncidentForm,
    IncidentReportForm,
    MeasureForm,
    PlacementForm,
    ProposalForm,
    SetAsideForm,
    SuspensionForm,
)
from tig.measures.models import Attendance, Incident, Measure, Placement
from tig.measures.progress import TO_DO, TO_DO_BY_KEY, format_hours, standing, to_do_counts
from tig.posts.models import Post
from tig.posts.search import search

CASELOAD = ("Suivi des mesures", "measures:caseload")
CASELOAD_PAGE_SIZE = 50


def _breadcrumb(*steps, measure=None) -> list:
    crumbs = [(CASELOAD[0], reverse(CASELOAD[1]))]
    if measure is not None:
        crumbs.append((str(measure), reverse("measures:detail", args=[measure.pk])))
    return [*crumbs, *steps]


def _measures_of(user: User):
    return Measure.objects.caseload_of(user)


def _follower_or_403(user: User) -> None:
    if not perms.follows_measures(user):
        raise PermissionDenied("Le suivi des mesures est réservé aux services chargés de leur exécution et au JAP.")


@login_required
@require_GET
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    """The officer's measures (the director's: the service's; the JAP's: their cases), open
    ones first, those with an alert first among them, then the nearest deadline; a page at a
    time (a director's service follows thousands)."""
    user = request.user
    _follower_or_403(user)
    today = timezone.localdate()
    todo = TO_DO_BY_KEY.get(request.GET.get("afaire", "")) if request.GET.get("afaire") else None
    if request.GET.get("afaire") and todo is None:
        raise BadRequest("Ce filtre du suivi des mesures n'existe pas.")
    # Where each stands, for the order and the counts, from light rows; model instances for
    # the page shown only.
    ranked = [(progress, standing(progress, today)) for progress in _measures_of(user).progress()]
    ranked.sort(key=lambda pair: (pair[0].is_closed, not pair[1].alert, pair[1].due, pair[0].pk))
    counts = Counter(progress.status for progress, _state in ranked)
    to_do = to_do_counts(ranked)
    if todo is not None:  # the list behind one of the home page's counts
        ranked = [(progress, state) for progress, state in ranked if todo.applies(progress, state)]
    page = Paginator(ranked, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    measures = _measures_of(user).select_related("residence", "officer").prefetch_related("suspensions")
    shown = measures.with_progress().in_bulk([progress.pk for progress, _state in page])
    page.object_list = [{"measure": shown[progress.pk], "standing": state} for progress, state in page]
    if page.object_list:  # the list shows people's names: its consultation is traced too, in one entry
        with acting_as(user):
            record_bulk(Operation.READ, "liste des mesures suivies", {"mesures": len(page.object_list)})
    context = {
        "page": page,
        "rows": page.object_list,
        "counts": {status.label: counts[status] for status in MeasureStatus},
        "to_do": [(item, to_do[item.key]) for item in TO_DO],
        "todo": todo,
        "can_create": perms.can_create_measure(user),
        "is_director": perms.is_service_director(user),
        "is_officer": user.role == Role.PROBATION_OFFICER,
        "breadcrumb": [(CASELOAD[0], None)],
    }
    return render(request, "measures/caseload.html", context)


@login_required
@require_GET
def service_view(request: AuthenticatedRequest) -> HttpResponse:
    """The director's view of the service: for each officer, the open measures and what
    awaits someone (an assignment, hours to validate, an incident report, a closing)."""
    user = request.user
    if not perms.is_service_director(user):
        raise PermissionDenied("Cette vue est celle du directeur du service.")
    today = timezone.localdate()
    teams: dict = {}
    for progress in _measures_of(user).open().progress():
        state = standing(progress, today)
        counts = {"open": 1, "late": int(state.late), **to_do_counts([(progress, state)])}
        teams.setdefault(progress.officer_id, Counter()).update(counts)
    officers = User.objects.in_bulk([pk for pk in teams if pk is not None])
    rows = sorted(
        ({"officer": officers.get(pk), "counts": counts} for pk, counts in teams.items()),
        key=lambda team: (team["officer"] is None, str(team["officer"] or "")),
    )
    totals = sum((team["counts"] for team in rows), Counter())
    context = {
        "rows": rows,
        "totals": totals,
        "breadcrumb": [(CASELOAD[0], reverse(CASELOAD[1])), ("Vue du service", None)],
    }
    return render(request, "measures/service.html", context)


def get_measure(request: AuthenticatedRequest, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.visible_to(request.user)
        .filter(anonymised_at__isnull=True)
        .with_progress()
        .select_related("residence", "officer", "jap", "tribunal", "service"),
        pk=pk,
    )


def _editable_measure(request: AuthenticatedRequest, pk: int, refusal: str) -> Measure:
    measure = get_measure(request, pk)
    if not perms.can_edit(request.user, measure):
        raise PermissionDenied(refusal)
    return measure


@login_required
@require_GET
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    reasons = _suspension_reasons(request.user, measure)
    form = SuspensionForm(measure=measure, allowed_reasons=reasons) if reasons else None
    return render(request, "measures/detail.html", _detail_context(request, measure, form))


def _detail_context(request: AuthenticatedRequest, measure, suspension_form) -> dict:
    """The measure's page, its consultation in the audit log."""
    record_read(request.user, measure)
    placement = measure.placements.active().select_related("post__organisation", "post__commune").first()
    can_edit = perms.can_edit(request.user, measure)
    state = standing(measure, timezone.localdate())
    return {
        "measure": measure,
        "standing": state,
        "placement": placement,
        "placements": measure.placements.select_related("post__organisation", "decided_by"),
        "attendances": Attendance.objects.filter(placement__measure=measure).select_related("recorded_by"),
        "incidents": Incident.objects.filter(placement__measure=measure).select_related(
            "placement__post", "reported_by"
        ),
        "can_match": placement is None and not measure.is_closed and perms.can_match(request.user, measure),
        "can_assign": perms.can_assign(request.user, measure),
        # The posts the officer proposed, while the measure waits for its assignment.
        "proposals": measure.proposals.select_related("post__organisation", "proposed_by")[:5]
        if placement is None and not measure.is_closed
        else [],
        "end_form": EndPlacementForm() if placement and can_edit else None,
        "suspensions": measure.suspensions.select_related("recorded_by"),
        "can_edit": can_edit,
        "can_close": perms.can_close(request.user, measure),
        "can_validate_hours": perms.can_validate_hours(request.user, measure),
        "suspension_form": suspension_form,
        "sections": sections.detail.shown(request, measure),
        "breadcrumb": _breadcrumb((str(measure), None)),
    }


def _suspension_reasons(user: User, measure) -> list[SuspensionReason]:
    return [reason for reason in SuspensionReason if perms.can_record_suspension(user, measure, reason)]


def _apply(request: AuthenticatedRequest, action, success: str, target: str) -> HttpResponse:
    """Run a step; its refusal becomes a message, and either way back to the page."""
    try:
        action()
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedRequest) -> HttpResponse:
    if not perms.can_create_measure(request.user):
        raise PermissionDenied("Seuls le SPIP et la PJJ enregistrent une mesure.")
    form = MeasureForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            measure = form.save()
        messages.success(request, f"La mesure {measure.appi_number} est enregistrée.")
        return redirect("measures:detail", pk=measure.pk)
    return _render_form(request, form, "Nouvelle mesure")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = _editable_measure(request, pk, "Vous pouvez consulter cette mesure, mais pas la modifier.")
    form = MeasureForm(request.POST if request.method == "POST" else None, instance=measure, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "La mesure est modifiée.")
        return redirect("measures:detail", pk=measure.pk)
    return _render_form(request, form, f"Modifier la mesure {measure.appi_number}", measure, what="modification")


def _render_form(
    request: AuthenticatedRequest, form, title, measure=None, template="measures/form.html", what="", **extra
) -> HttpResponse:
    if measure is not None:  # the form shows the measure's data: a consultation
        record_read(request.user, measure, what)
    context = {"form": form, "title": title, "measure": measure, **extra}
    context["breadcrumb"] = _breadcrumb((title, None), measure=measure)
    return render_form(request, template, context)


@login_required
@require_POST
def add_suspension(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    reasons = _suspension_reasons(request.user, measure)
    if not reasons:
        raise PermissionDenied("Vous ne pouvez pas suspendre le délai de cette mesure.")
    form = SuspensionForm(request.POST, measure=measure, allowed_reasons=reasons)
    if form.is_valid():
        try:
            suspension = services.record_suspension(measure, request.user, form.save(commit=False))
        except Refused as error:
            messages.error(request, str(error))
            return redirect("measures:detail", pk=measure.pk)
        kind = "de droit" if suspension.reason in AUTOMATIC_REASONS else "décidée par le juge"
        messages.success(request, f"La suspension {kind} du délai est enregistrée.")
        return redirect("measures:detail", pk=measure.pk)
    return render_form(request, "measures/detail.html", {**_detail_context(request, measure, form), "form": form})


@login_required
@require_GET
def matching(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Posts with a place, nearest the residence first, filtered by the person's constraints:
    the platform's search, its criteria taken from the measure."""
    measure = get_measure(request, pk)
    if not perms.can_match(request.user, measure):
        raise PermissionDenied("Vous ne pouvez pas chercher de poste pour cette mesure.")
    criteria = post_matching.criteria_for(measure, parse_int(request.GET.get("rayon")))
    results = search(request.user, criteria, request.GET.get("page"))
    record_read(request.user, measure, "recherche d'un poste")
    context = {
        "measure": measure,
        "results": results,
        "radius": criteria.radius_km,
        "radii": post_matching.RADII,
        "can_assign": perms.can_assign(request.user, measure),
        "can_propose": perms.can_propose(request.user, measure),
        "breadcrumb": _breadcrumb(("Choix du poste", None), measure=measure),
    }
    return render(request, "measures/matching.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: AuthenticatedRequest, pk: int, post_pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    if not perms.can_assign(request.user, measure):
        raise PermissionDenied(
            "L'affectation est décidée par le juge, qui se l'est réservée."
            if measure.assignment_reserved
            else "L'affectation est décidée par le directeur du service."
        )
    post = get_object_or_404(
        Post.objects.searchable_by(request.user).select_related("organisation", "commune"), pk=post_pk
    )
    if post.collective:  # assigned by enrolling the person on its sessions (tig.collective, C3)
        messages.info(request, "Sur un chantier collectif, on affecte en inscrivant la personne à ses séances.")
        return redirect("posts:detail", pk=post.pk)
    # The officer's proposal of this post, when there is one: the form starts from it.
    proposals = measure.proposals.filter(post=post).select_related("proposed_by")
    wanted = id_param(request.GET, "proposition")
    proposal = (proposals.filter(pk=wanted) if wanted else proposals).first()
    form = PlacementForm(
        request.POST if request.method == "POST" else None, measure=measure, post=post, proposal=proposal
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(measure, post, request.user, **form.cleaned_data)
        except Refused as error:
            messages.error(request, str(error))
            return redirect("measures:matching", pk=measure.pk)
        messages.success(request, f"La mesure est affectée sur le poste « {post.title} ».")
        return redirect("measures:detail", pk=measure.pk)
    return _render_form(
        request,
        form,
        "Affectation",
        measure,
        "measures/assign.html",
        what="affectation",
        post=post,
        proposal=proposal,
        pace_warned=getattr(form, "pace_warned", False),
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: AuthenticatedRequest, pk: int, post_pk: int) -> HttpResponse:
    """The officer proposes a post to the director, the tasks and schedule pre-filled from it."""
    measure = get_measure(request, pk)
    if not perms.can_propose(request.user, measure):
        raise PermissionDenied("Seul le service qui suit la mesure propose un poste au directeur.")
    post = get_object_or_404(
        Post.objects.searchable_by(request.user).select_related("organisation", "commune"), pk=post_pk
    )
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_for(post))
    if request.method == "POST" and form.is_valid():
        return _apply(
            request,
            lambda: services.propose_post(measure, post, request.user, **form.cleaned_data),
            f"Le poste « {post.title} » est proposé au directeur, qui décide l'affectation.",
            reverse("measures:detail", args=[measure.pk]),
        )
    return _render_form(
        request,
        form,
        "Proposer un poste",
        measure,
        "measures/step_form.html",
        what="proposition d'affectation",
        intro=f"Poste « {post.title} » de {post.organisation.name} ({post.commune.label}). Le directeur du service "
        "reçoit la proposition et décide l'affectation.",
        submit_label="Proposer ce poste",
    )


@login_required
@require_POST
def end_placement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = _editable_measure(request, pk, "Seul le service qui suit la mesure met fin à une affectation.")
    form = EndPlacementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif de la fin de l'affectation.")
        return redirect("measures:detail", pk=measure.pk)
    return _apply(
        request,
        lambda: services.end_placement(measure, form.cleaned_data["reason"], request.user),
        "L'affectation a pris fin ; la place est de nouveau disponible.",
        reverse("measures:detail", args=[measure.pk]),
    )


@login_required
@require_POST
def validate_hours(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = _editable_measure(request, pk, "Les heures sont validées par le service qui suit la mesure.")
    try:
        count = services.validate_attendances(measure, request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Aucune saisie à valider." if not count else f"Heures validées : {count} saisie{pluralize(count)}."
        )
    return redirect("measures:detail", pk=measure.pk)


@login_required
@require_http_methods(["GET", "POST"])
def reject_hours(request: AuthenticatedRequest, pk: int, attendance_pk: int) -> HttpResponse:
    """Set an entry aside: GET asks for the reason, POST records it (the entry is kept)."""
    measure = _editable_measure(request, pk, "Les heures sont validées par le service qui suit la mesure.")
    attendance = get_object_or_404(Attendance, pk=attendance_pk, placement__measure=measure, set_aside_at__isnull=True)
    form = SetAsideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _apply(
            request,
            lambda: services.set_aside_attendance(attendance, request.user, form.cleaned_data["reason"]),
            f"La saisie du {attendance.worked_on:%d/%m/%Y} est écartée ; la structure en est informée.",
            reverse("measures:detail", args=[measure.pk]),
        )
    return _render_form(
        request,
        form,
        f"Écarter les heures du {attendance.worked_on:%d/%m/%Y}",
        measure,
        "measures/step_form.html",
        what="heures à écarter",
        intro=(
            f"{format_hours(attendance.hours)} h saisies par {attendance.recorded_by.get_full_name()}. La saisie est "
            "gardée, marquée comme écartée, et ne compte pas ; la structure reçoit le motif et peut saisir à nouveau."
        ),
        submit_label="Écarter ces heures",
    )


@login_required
@require_POST
def resume(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = _editable_measure(request, pk, "Seuls le service et la structure lèvent la suspension du travail.")
    placement = get_object_or_404(measure.placements.active())
    return _apply(
        request,
        lambda: services.resume_work(placement, request.user),
        "Le travail reprend.",
        reverse("measures:detail", args=[measure.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_report(request: AuthenticatedRequest, pk: int, incident_pk: int) -> HttpResponse:
    measure = _editable_measure(request, pk, "Le rapport d'incident est rédigé par le service qui suit la mesure.")
    incident = get_object_or_404(
        Incident.objects.select_related("placement__post__organisation"), pk=incident_pk, placement__measure=measure
    )
    if incident.report_at:
        messages.info(request, "Le rapport de cet incident est déjà adressé au juge.")
        return redirect("measures:detail", pk=measure.pk)
    form = IncidentReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.write_incident_report(incident, request.user, form.cleaned_data["report"])
        messages.success(request, "Le rapport d'incident est adressé au juge de l'application des peines.")
        return redirect("measures:detail", pk=measure.pk)
    return _render_form(
        request,
        form,
        "Rapport d'incident",
        measure,
        "measures/step_form.html",
        what="rapport d'incident",
        incident=incident,
    )


@login_required
@require_POST
def close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = _editable_measure(request, pk, "La mesure est close par le service qui la suit.")
    return _apply(
        request,
        lambda: services.close_completed(measure, request.user),
        "La mesure est close : exécutée. Le juge en est informé.",
        reverse("measures:detail", args=[measure.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def failure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = _editable_measure(
        request, pk, "Le rapport de non-exécution est rédigé par le service qui suit la mesure."
    )
    if measure.is_closed:
        messages.info(request, "La mesure est déjà close.")
        return redirect("measures:detail", pk=measure.pk)
    form = FailureForm(request.POST if request.method == "POST" else None, instance=measure)
    if request.method == "POST" and form.is_valid():
        return _apply(
            request,
            lambda: services.record_failure(
                measure,
                request.user,
                reason=form.cleaned_data["failure_reason"],
                report=form.cleaned_data["failure_report"],
            ),
            "La mesure est close : non exécutée. Le rapport est adressé au juge.",
            reverse("measures:detail", args=[measure.pk]),
        )
    return _render_form(
        request, form, "Non-exécution de la mesure", measure, "measures/step_form.html", what="non-exécution"
    )


# Documents. Each download is a consultation of the measure, in the audit log.


def _placement_of(measure, placement_pk: int) -> Placement:
    return get_object_or_404(
        Placement.objects.select_related("post__organisation", "post__commune", "decided_by", "attestation_issued_by"),
        pk=placement_pk,
        measure=measure,
    )


@login_required
@require_GET
def decision_pdf(request: AuthenticatedRequest, pk: int, placement_pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    placement = _placement_of(measure, placement_pk)
    record_read(request.user, measure, "décision d'affectation (PDF)")
    return pdf_response(pdf.assignment_decision(placement), f"decision-affectation-{placement.pk}.pdf")


@login_required
@require_GET
def letter_pdf(request: AuthenticatedRequest, pk: int, placement_pk: int) -> HttpResponse:
    measure = _editable_measure(request, pk, "Le courrier à la personne est remis par le service.")
    placement = _placement_of(measure, placement_pk)
    record_read(request.user, measure, "courrier à la personne (PDF)")
    return pdf_response(pdf.letter_to_person(placement), f"courrier-affectation-{placement.pk}.pdf")


@login_required
@require_GET
def incident_pdf(request: AuthenticatedRequest, pk: int, incident_pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    incident = get_object_or_404(
        Incident.objects.select_related("placement__post__organisation", "report_by"),
        pk=incident_pk,
        placement__measure=measure,
        report_at__isnull=False,
    )
    record_read(request.user, measure, "rapport d'incident (PDF)")
    return pdf_response(pdf.incident_report(incident), f"rapport-incident-{incident.pk}.pdf")


@login_required
@require_GET
def attestation_pdf(request: AuthenticatedRequest, pk: int, placement_pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    placement = _placement_of(measure, placement_pk)
    if not placement.attestation_issued_at:
        raise PermissionDenied("L'attestation n'est pas délivrée.")
    record_read(request.user, measure, "attestation (PDF)")
    return pdf_response(pdf.attestation(placement, measure.hours_validated), f"attestation-{placement.pk}.pdf")


@login_required
@require_GET
def failure_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    if measure.status != MeasureStatus.FAILED:
        raise PermissionDenied("La mesure n'est pas close pour non-exécution.")
    record_read(request.user, measure, "rapport de non-exécution (PDF)")
    return pdf_response(pdf.failure_report(measure, measure.hours_validated), f"rapport-non-execution-{measure.pk}.pdf")


# The host's side: the people placed with it, as its administrators and the posts' tutors
# see them (name, schedule, hours), the attendance sheet, incidents, the attestation.


def _hosted_placements(user: User):
    return (
        Placement.objects.hosted_by(user)
        .select_related("measure", "post__organisation", "post__commune")
        .order_by("measure__last_name", "pk")
    )


def _hosted(request: AuthenticatedRequest, pk: int) -> Placement:
    return get_object_or_404(_hosted_placements(request.user), pk=pk)


def _hours(placement) -> dict:
    measure = Measure.objects.with_progress().get(pk=placement.measure_id)
    return {"validated": measure.hours_validated, "pending": measure.hours_pending, "ordered": measure.hours_ordered}


@login_required
@require_GET
def hosted(request: AuthenticatedRequest) -> HttpResponse:
    """« Personnes accueillies »: the current placements in the user's organisations."""
    if not request.user.is_host_staff:
        raise PermissionDenied("Cette page est celle des structures d'accueil.")
    # Only what the list shows (a large host follows a hundred people and more), the hours
    # from light progress rows.
    placements = list(
        _hosted_placements(request.user)
        .select_related(None)
        .select_related("measure", "post")
        .only(
            "schedule",
            "work_suspended_at",
            "attestation_issued_at",
            "measure__last_name",
            "measure__first_names",
            "post__title",
        )
    )
    progress = {row.pk: row for row in Measure.objects.filter(pk__in=[p.measure_id for p in placements]).progress()}
    rows = [
        {"placement": placement, "measure": placement.measure, "progress": progress[placement.measure_id]}
        for placement in placements
    ]
    if rows:
        with acting_as(request.user):
            record_bulk(Operation.READ, "liste des personnes accueillies", {"mesures": len(rows)})
    return render(request, "measures/hosted.html", {"rows": rows, "breadcrumb": [("Personnes accueillies", None)]})


def _hosted_page(request: AuthenticatedRequest, placement, **forms) -> HttpResponse:
    record_read(request.user, placement.measure, "accueil")
    may_end = perms.may_end_hosting(request.user, placement)
    hours = _hours(placement)
    context = {
        "placement": placement,
        "measure": placement.measure,
        # Whom the host calls: the officer in charge, by their professional contact only.
        "officer": User.objects.filter(pk=placement.measure.officer_id, is_active=True)
        .only("first_name", "last_name", "email", "phone")
        .first(),
        "service_email": Service.objects.filter(pk=placement.measure.service_id)
        .values_list("email", flat=True)
        .first(),
        "hours": hours,
        "attendances": placement.attendances.all(),
        "incidents": placement.incidents.all(),
        "form": forms.get("form") or AttendanceForm(placement=placement),
        "incident_form": forms.get("incident_form") or IncidentForm(placement=placement, may_end=may_end),
        "end_form": (forms.get("end_form") or EndPlacementForm()) if may_end else None,
        "can_attest": perms.can_attest(request.user, placement, hours["validated"]),
        "breadcrumb": [("Personnes accueillies", reverse("measures:hosted")), (placement.measure.person_name, None)],
    }
    refused = any(form.is_bound and form.errors for form in forms.values())
    return render(request, "measures/hosted_detail.html", context, status=400 if refused else 200)


@login_required
@require_GET
def hosted_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = _hosted(request, pk)
    return _hosted_page(request, placement)


@login_required
@require_POST
def hosted_hours(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = _hosted(request, pk)
    form = AttendanceForm(request.POST, placement=placement)
    if not form.is_valid():
        return _hosted_page(request, placement, form=form)
    return _apply(
        request,
        lambda: services.record_attendance(placement, request.user, **form.cleaned_data),
        f"Heures enregistrées pour le {form.cleaned_data['worked_on']:%d/%m/%Y} : "
        f"{format_hours(form.cleaned_data['hours'])}. Le conseiller les validera.",
        reverse("measures:hosted_detail", args=[placement.pk]),
    )


@login_required
@require_POST
def hosted_incident(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = _hosted(request, pk)
    form = IncidentForm(request.POST, placement=placement, may_end=perms.may_end_hosting(request.user, placement))
    if not form.is_valid():
        return _hosted_page(request, placement, incident_form=form)
    ends = form.cleaned_data["host_action"] == HostAction.END
    return _apply(
        request,
        lambda: services.report_incident(placement, request.user, **form.cleaned_data),
        "L'incident est signalé ; le conseiller en est informé." + (" L'accueil a pris fin." if ends else ""),
        reverse("measures:hosted") if ends else reverse("measures:hosted_detail", args=[placement.pk]),
    )


@login_required
@require_POST
def hosted_resume(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = _hosted(request, pk)
    return _apply(
        request,
        lambda: services.resume_work(placement, request.user),
        "Le travail reprend ; le conseiller en est informé.",
        reverse("measures:hosted_detail", args=[placement.pk]),
    )


@login_required
@require_POST
def hosted_attestation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = _hosted(request, pk)
    return _apply(
        request,
        lambda: services.issue_attestation(placement, request.user),
        "L'attestation d'exécution est délivrée ; le conseiller en est informé.",
        reverse("measures:hosted_detail", args=[placement.pk]),
    )


@login_required
@require_POST
def hosted_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = _hosted(request, pk)
    if not perms.may_end_hosting(request.user, placement):
        raise PermissionDenied("Seul un administrateur de la structure met fin à un accueil.")
    form = EndPlacementForm(request.POST)
    if not form.is_valid():
        return _hosted_page(request, placement, end_form=form)
    reason = f"Fin à l'initiative de la structure : {form.cleaned_data['reason']}"
    return _apply(
        request,
        lambda: services.end_placement(placement.measure, reason, request.user),
        "L'accueil a pris fin ; le conseiller en est informé.",
        reverse("measures:hosted"),
    )


@login_required
@require_GET
def hosted_decision_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = _hosted(request, pk)
    record_read(request.user, placement.measure, "décision d'affectation (PDF)")
    return pdf_response(pdf.host_assignment_decision(placement), f"decision-affectation-{placement.pk}.pdf")


@login_required
@require_GET
def hosted_attestation_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = _hosted(request, pk)
    if not placement.attestation_issued_at:
        raise PermissionDenied("L'attestation n'est pas délivrée.")
    record_read(request.user, placement.measure, "attestation (PDF)")
    return pdf_response(pdf.attestation(placement, _hours(placement)["validated"]), f"attestation-{placement.pk}.pdf")
