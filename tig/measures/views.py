from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tig.accounts.enums import Role
from tig.audit.enums import Operation
from tig.audit.recording import acting_as, record_bulk, record_read
from tig.core.shortcuts import render_form
from tig.measures import perms, services
from tig.measures.enums import AUTOMATIC_REASONS, MeasureKind, MeasureStatus, SuspensionReason
from tig.measures.forms import EndPlacementForm, MeasureForm, PlacementForm, SuspensionForm
from tig.measures.models import Measure
from tig.posts.enums import MeasureType
from tig.posts.models import Post
from tig.posts.search import RADIUS_DEFAULT_KM, Criteria, search

# The officer is alerted this long before the deadline (issue 4).
DEADLINE_ALERT = timedelta(days=61)


def _measures_of(user):
    measures = Measure.objects.visible_to(user).select_related("residence", "officer").prefetch_related("suspensions")
    if user.role == Role.PROBATION_OFFICER:
        measures = measures.filter(officer=user)
    return measures


@login_required
@require_GET
def caseload(request):
    """The officer's measures (the director's: the service's; the JAP's: their cases), open
    ones first, those near their deadline first among them."""
    user = request.user
    if not user.follows_measures:
        raise PermissionDenied("Le suivi des mesures est réservé aux services chargés de leur exécution et au JAP.")
    today = timezone.localdate()
    rows = []
    for measure in _measures_of(user).filter(anonymised_at__isnull=True):
        due = measure.effective_deadline(today)
        alert = not measure.is_closed and due - today <= DEADLINE_ALERT
        rows.append({"measure": measure, "due": due, "alert": alert, "late": not measure.is_closed and due < today})
    rows.sort(key=lambda row: (row["measure"].is_closed, not row["alert"], row["due"]))
    counts = {status.label: sum(row["measure"].status == status for row in rows) for status in MeasureStatus}
    if rows:  # the list shows people's names: its consultation is traced too, in one entry
        with acting_as(user):
            record_bulk(Operation.READ, "liste des mesures suivies", {"mesures": len(rows)})
    context = {
        "rows": rows,
        "counts": counts,
        "can_create": perms.can_create_measure(user),
        "breadcrumb": [("Suivi des mesures", None)],
    }
    return render(request, "measures/caseload.html", context)


def get_measure(request, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.visible_to(request.user)
        .filter(anonymised_at__isnull=True)
        .select_related("residence", "officer", "jap", "tribunal", "service"),
        pk=pk,
    )


@login_required
@require_GET
def detail(request, pk: int):
    measure = get_measure(request, pk)
    record_read(request.user, measure)
    reasons = _suspension_reasons(request.user, measure)
    form = SuspensionForm(measure=measure, allowed_reasons=reasons) if reasons else None
    return render(request, "measures/detail.html", _detail_context(request, measure, form))


def _detail_context(request, measure, suspension_form) -> dict:
    placement = measure.placements.active().select_related("post__organisation", "post__commune").first()
    return {
        "measure": measure,
        "placement": placement,
        "can_match": placement is None and not measure.is_closed and perms.can_match(request.user, measure),
        "end_form": EndPlacementForm() if placement and perms.can_edit(request.user, measure) else None,
        "due": measure.effective_deadline(),
        "suspensions": measure.suspensions.select_related("recorded_by"),
        "can_edit": perms.can_edit(request.user, measure),
        "suspension_form": suspension_form,
        "breadcrumb": [("Suivi des mesures", reverse("measures:caseload")), (str(measure), None)],
    }


def _suspension_reasons(user, measure) -> list[SuspensionReason]:
    return [reason for reason in SuspensionReason if perms.can_record_suspension(user, measure, reason)]


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
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
def edit(request, pk: int):
    measure = get_measure(request, pk)
    if not perms.can_edit(request.user, measure):
        raise PermissionDenied("Vous pouvez consulter cette mesure, mais pas la modifier.")
    form = MeasureForm(request.POST if request.method == "POST" else None, instance=measure, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "La mesure est modifiée.")
        return redirect("measures:detail", pk=measure.pk)
    return _render_form(request, form, f"Modifier la mesure {measure.appi_number}", measure)


def _render_form(request, form, title, measure=None):
    breadcrumb = [("Suivi des mesures", reverse("measures:caseload"))]
    if measure:
        breadcrumb.append((str(measure), reverse("measures:detail", args=[measure.pk])))
    breadcrumb.append((title, None))
    context = {"form": form, "title": title, "measure": measure, "breadcrumb": breadcrumb}
    return render_form(request, "measures/form.html", context)


@login_required
@require_http_methods(["POST"])
def add_suspension(request, pk: int):
    measure = get_measure(request, pk)
    reasons = _suspension_reasons(request.user, measure)
    if not reasons:
        raise PermissionDenied("Vous ne pouvez pas suspendre le délai de cette mesure.")
    form = SuspensionForm(request.POST, measure=measure, allowed_reasons=reasons)
    if form.is_valid():
        with transaction.atomic():
            suspension = form.save(commit=False)
            suspension.measure = measure
            suspension.recorded_by = request.user
            suspension.save()
        kind = "de droit" if suspension.reason in AUTOMATIC_REASONS else "décidée par le juge"
        messages.success(request, f"La suspension {kind} du délai est enregistrée.")
        return redirect("measures:detail", pk=measure.pk)
    return render_form(request, "measures/detail.html", {**_detail_context(request, measure, form), "form": form})


RADII = (10, 20, 30, 50, 100)


@login_required
@require_GET
def matching(request, pk: int):
    """Posts with a place, nearest the residence first, filtered by the person's constraints:
    the platform's search, its criteria taken from the measure."""
    measure = get_measure(request, pk)
    if not perms.can_match(request.user, measure):
        raise PermissionDenied("Vous ne pouvez pas chercher de poste pour cette mesure.")
    raw = request.GET.get("rayon", "")
    radius = int(raw) if raw.isdigit() and int(raw) in RADII else RADIUS_DEFAULT_KM
    criteria = Criteria(
        commune=measure.residence,
        radius_km=radius,
        available_only=True,
        weekend=measure.works_weekdays,
        minors=measure.is_minor,
        pmr=measure.reduced_mobility,
        public_transport=measure.no_driving_licence,
        measure=MeasureType.TNR if measure.kind == MeasureKind.TNR else MeasureType.TIG,
    )
    results = search(request.user, criteria, request.GET.get("page"))
    context = {
        "measure": measure,
        "results": results,
        "radius": radius,
        "radii": RADII,
        "can_assign": perms.can_assign(request.user, measure),
        "breadcrumb": [
            ("Suivi des mesures", reverse("measures:caseload")),
            (str(measure), reverse("measures:detail", args=[measure.pk])),
            ("Choix du poste", None),
        ],
    }
    return render(request, "measures/matching.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assign(request, pk: int, post_pk: int):
    measure = get_measure(request, pk)
    if not perms.can_assign(request.user, measure):
        raise PermissionDenied(
            "L'affectation est décidée par le juge, qui se l'est réservée."
            if measure.assignment_reserved
            else "L'affectation est décidée par le directeur du service."
        )
    post = get_object_or_404(Post.objects.searchable_by(request.user).select_related("organisation"), pk=post_pk)
    form = PlacementForm(request.POST if request.method == "POST" else None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(measure, post, request.user, **form.cleaned_data)
        except services.AssignmentError as error:
            messages.error(request, str(error))
            return redirect("measures:matching", pk=measure.pk)
        messages.success(request, f"La mesure est affectée sur le poste « {post.title} ».")
        return redirect("measures:detail", pk=measure.pk)
    context = {
        "measure": measure,
        "post": post,
        "form": form,
        "breadcrumb": [
            ("Suivi des mesures", reverse("measures:caseload")),
            (str(measure), reverse("measures:detail", args=[measure.pk])),
            ("Affectation", None),
        ],
    }
    return render_form(request, "measures/assign.html", context)


@login_required
@require_http_methods(["POST"])
def end_placement(request, pk: int):
    measure = get_measure(request, pk)
    if not perms.can_edit(request.user, measure):
        raise PermissionDenied("Seul le service qui suit la mesure met fin à une affectation.")
    form = EndPlacementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif de la fin de l'affectation.")
    else:
        try:
            services.end_placement(measure, form.cleaned_data["reason"])
        except services.AssignmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "L'affectation a pris fin ; la place est de nouveau disponible.")
    return redirect("measures:detail", pk=measure.pk)
