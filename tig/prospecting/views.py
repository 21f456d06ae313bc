"""The prospecting's pages: the coverage gaps, the pipeline, a target's sheet and its steps.
Each view parses, calls tig/prospecting/services.py or coverage.py, renders. A target outside
the user's départements answers 404, as if it did not exist."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.enums import Role, ServiceKind
from tig.accounts.models import Service, User, departement_referents
from tig.accounts.typing import AuthenticatedRequest
from tig.audit.recording import record_read
from tig.core.exceptions import Refused
from tig.core.exports import csv_response, xlsx_response
from tig.habilitations.documents import file_response
from tig.prospecting import coverage, followup, imports, objectives, perms, services
from tig.prospecting.enums import OPEN_STAGES, PIPELINE, Stage
from tig.prospecting.forms import (
    AbandonForm,
    AssignForm,
    ContactForm,
    CoverageForm,
    HandOverForm,
    ImportForm,
    InteractionForm,
    InviteForm,
    LinkForm,
    MoveForm,
    NextStepForm,
    ObjectiveForm,
    PipelineFilterForm,
    TargetDocumentForm,
)
from tig.prospecting.models import Objective, Target, TargetDocument, overdue_condition
from tig.territories.models import Commune, Departement, Region
from tig.territories.names import normalize_name

PAGE_SIZE = 50
GAPS_PER_PAGE = 50
MAP_POINTS_MAX = 2000
EXPORT_MAX = 10_000
SHOWN = 200  # the first of each list « À relancer » (its count is whole)


def _departements(user: User) -> list[str] | None:
    codes = perms.departements_in_view(user)
    if codes == []:
        raise PermissionDenied("La prospection est réservée aux référents territoriaux et à l'ATIGIP.")
    return codes


def _departement_choices(codes: list[str] | None) -> list[tuple[str, str]]:
    departements = Departement.objects.order_by("code")
    if codes is not None:
        departements = departements.filter(code__in=codes)
    return [(d.code, str(d)) for d in departements]


# Coverage ---------------------------------------------------------------------------------------


Territory = tuple[str, list[str] | None, frozenset[int] | None]


def _territories(codes: list[str] | None) -> dict[str, Territory]:
    """The territories the user may ask for: key → (name, départements — None for France —, the
    communes of a tribunal's « ressort » within them, when it is one)."""
    found: dict[str, Territory] = {}
    by_region: dict[str, list[str]] = {}
    for code, region in Departement.objects.order_by("code").values_list("code", "region_id"):
        by_region.setdefault(region, []).append(code)
    if codes is None:
        found["france"] = ("France entière", None, None)
        for region_code, region_name in Region.objects.order_by("name").values_list("code", "name"):
            found[f"r{region_code}"] = (f"Région {region_name}", by_region.get(region_code, []), None)
    elif len(codes) > 1:
        found["miens"] = ("Tous mes départements", codes, None)
    for code, name in _departement_choices(codes):
        found[f"d{code}"] = (name, [code], None)
    # The tribunals whose « ressort » the agency entered (tig/accounts/ressorts.py).
    areas: dict[int, set[int]] = {}
    names: dict[int, tuple[str, str]] = {}
    tribunals = Service.objects.filter(kind=ServiceKind.TRIBUNAL)
    if codes is not None:
        tribunals = tribunals.filter(departement_id__in=codes)
    links = Service.communes.through.objects.filter(service__in=tribunals)
    for service, commune in links.values_list("service_id", "commune_id"):
        areas.setdefault(service, set()).add(commune)
    for pk, name, departement in tribunals.filter(pk__in=areas).values_list("pk", "name", "departement_id"):
        names[pk] = (name, departement)
    for pk, (name, departement) in sorted(names.items(), key=lambda item: item[1]):
        found[f"t{pk}"] = (f"Ressort du {name[0].lower()}{name[1:]}", [departement], frozenset(areas[pk]))
    return found


@login_required
@require_GET
def coverage_view(request: AuthenticatedRequest) -> HttpResponseBase:
    codes = _departements(request.user)
    territories = _territories(codes)
    choices = [(key, name) for key, (name, _departements, _area) in territories.items()]
    data = request.GET.copy()
    data.setdefault("territoire", choices[0][0] if codes is None or len(codes) != 1 else f"d{codes[0]}")
    data.setdefault("distance", str(coverage.DISTANCE_DEFAULT_KM))
    form = CoverageForm(data, territories=choices)
    context: dict[str, Any] = {"form": form, "breadcrumb": _crumbs(("Zones blanches", None))}
    if not form.is_valid():
        return render(request, "prospecting/coverage.html", context, status=400)
    name, departements, area = territories[form.cleaned_data["territoire"]]
    criteria = form.criteria()
    wanted = request.GET.get("format", "")
    if wanted:
        return _gaps_download(wanted, name, coverage.compute(departements, criteria, area))
    # A département's page, or a ressort's, has its table by kind of work, from the same pass.
    domains = None
    if departements is not None and len(departements) == 1 and not criteria.domain:
        result, domains = coverage.with_domains(departements, criteria, area)
    else:
        result = coverage.compute(departements, criteria, area)
    page = Paginator(result.gaps, GAPS_PER_PAGE).get_page(request.GET.get("page"))
    halls = dict(
        Target.objects.filter(reference_code__in=[f"mairie-{gap.code}" for gap in page]).values_list(
            "reference_code", "pk"
        )
    )
    context |= {
        "rows": [(gap, halls.get(f"mairie-{gap.code}")) for gap in page],
        "territory_name": name,
        "result": result,
        "page": page,
        "map_points": [[g.lat, g.lon, g.label, g.population] for g in result.gaps[:MAP_POINTS_MAX]],
        "map_truncated": len(result.gaps) > MAP_POINTS_MAX,
        "map_points_max": MAP_POINTS_MAX,
        "domains": domains,
    }
    return render(request, "prospecting/coverage.html", context)


def _gaps_download(wanted: str, name: str, result: coverage.Coverage) -> HttpResponseBase:
    header = ["Code INSEE", "Commune", "Département", "Population"]
    rows = [[g.code, g.name, g.departement, g.population] for g in result.gaps]
    criteria = result.criteria
    stamp = timezone.localdate().isoformat()
    filename = f"zones-blanches-{criteria.distance_km}km-{stamp}"
    title = f"Communes sans poste ayant une place libre à moins de {criteria.distance_km} km — {name}, le {stamp}"
    if wanted == "csv":
        return csv_response(f"{filename}.csv", header, rows)
    if wanted == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, rows, title=title)
    raise BadRequest("Choisissez le format CSV ou XLSX.")


# The pipeline -----------------------------------------------------------------------------------


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Prospection", reverse("prospecting:pipeline")), *items]


def _filtered(
    request: AuthenticatedRequest, codes: list[str] | None
) -> tuple[PipelineFilterForm, QuerySet[Target], bool]:
    """The form, the targets it selects in order, and whether a filter narrowed them (the order
    does not)."""
    form = PipelineFilterForm(request.GET or None, departements=_departement_choices(codes))
    everything = targets = Target.objects.in_departements(codes)
    if form.is_bound and not form.is_valid():
        raise BadRequest(
            "Un des filtres de la liste n'est pas valable : "
            + "; ".join(
                f"{form.fields[name].label} : {' '.join(str(e) for e in errors)}"
                for name, errors in form.errors.items()
            )
        )
    data = form.cleaned_data if form.is_bound else {}
    if data.get("departement"):
        targets = targets.filter(departement_id=data["departement"])
    if data.get("etape"):
        targets = targets.filter(stage=data["etape"])
    if data.get("type"):
        targets = targets.filter(kind=data["type"])
    query = (data.get("q") or "").strip()
    if query:
        # Without accents or case, on the name (its normalized form, kept for the deduplication)
        # or the commune's, without joining the communes to every target.
        wanted = normalize_name(query)
        communes = Commune.objects.filter(search_name__contains=wanted).values("id")
        targets = targets.filter(Q(match_key__contains=wanted) | Q(commune_id__in=communes))
    follow = data.get("suivi")
    if follow == "moi":
        targets = targets.filter(assigned_to=request.user)
    elif follow == "personne":
        targets = targets.filter(assigned_to__isnull=True)
    elif follow == "retard":
        targets = targets.overdue()
    elif follow == "en_cours":
        targets = targets.filter(next_step_on__isnull=False)
    orders: dict[str, list[Any]] = {
        "nom": ["name", "id"],
        "prochaine": [F("next_step_on").asc(nulls_last=True), "name", "id"],
        "activite": [F("last_activity_at").desc(nulls_last=True), "name", "id"],
    }
    order = orders.get(data.get("tri") or "", ["-population", "name", "id"])
    return form, targets.order_by(*order), targets is not everything


@login_required
@require_GET
def pipeline(request: AuthenticatedRequest) -> HttpResponse:
    codes = _departements(request.user)
    form, targets, narrowed = _filtered(request, codes)
    wanted = request.GET.get("format", "")
    if wanted:
        return _pipeline_download(wanted, targets)
    # The figures above the list, in one pass over the user's targets (whose count is the
    # list's when nothing filters it).
    stages = [*PIPELINE[1:], Stage.ABANDONED]
    figures = Target.objects.in_departements(codes).aggregate(
        total=Count("id"),
        overdue=Count("id", filter=overdue_condition()),
        mine=Count("id", filter=Q(assigned_to=request.user)),
        **{f"stage_{stage}": Count("id", filter=Q(stage=stage)) for stage in stages},
    )
    paginator = Paginator(targets.values_list("pk", flat=True), PAGE_SIZE)
    if not narrowed:
        paginator.count = figures["total"]  # the cached property, known already
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    shown = Target.objects.select_related("commune", "assigned_to").in_bulk(ids)
    context = {
        "form": form,
        "page": page,
        "targets": [shown[pk] for pk in ids],
        "stages": [(stage, figures[f"stage_{stage}"]) for stage in stages],
        "overdue": figures["overdue"],
        "mine": figures["mine"] if request.user.is_referent else None,
        "breadcrumb": [("Prospection", None)],
    }
    return render(request, "prospecting/pipeline.html", context)


@login_required
@require_GET
def followup_view(request: AuthenticatedRequest) -> HttpResponse:
    """What to chase (P9): what the weekly digest counts, listed, the referent's own or all of
    their départements'."""
    codes = _departements(request.user)
    mine = request.user.pk if request.user.is_referent and request.GET.get("suivi") != "tous" else None
    now = timezone.now()
    related = ("commune", "assigned_to")
    idle = followup.idle_host_ids(codes)
    lists = {
        "overdue": followup.overdue(codes, mine).select_related(*related).order_by("next_step_on", "name"),
        "untouched": followup.untouched(codes, mine, now).select_related(*related).order_by("last_activity_at", "name"),
        "unanswered": followup.unanswered(codes, mine, now).select_related(*related).order_by("invited_at", "name"),
        "posts_to_confirm": followup.posts_to_confirm(codes, now)
        .select_related("organisation", "commune")
        .order_by("last_confirmed_at", "title"),
    }
    context: dict[str, Any] = {name: list(rows[:SHOWN]) for name, rows in lists.items()}
    # Each list's whole count (a list shows its first SHOWN).
    context["counts"] = {
        name: len(context[name]) if len(context[name]) < SHOWN else rows.count() for name, rows in lists.items()
    }
    context["counts"]["idle_hosts"] = len(idle)
    context |= {
        "mine": mine is not None,
        "can_filter_mine": request.user.is_referent,
        "idle_hosts": followup.named_hosts(idle, SHOWN),
        "shown": SHOWN,
        "untouched_days": settings.PROSPECTING_UNTOUCHED_DAYS,
        "invitation_days": settings.PROSPECTING_INVITATION_WAIT_DAYS,
        "idle_months": settings.HOST_IDLE_MONTHS,
        "measures_enabled": settings.MEASURES_ENABLED,
        "breadcrumb": [("Prospection", reverse("prospecting:pipeline")), ("À relancer", None)],
    }
    return render(request, "prospecting/followup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def objectives_view(request: AuthenticatedRequest) -> HttpResponse:
    """The objectives of the year and their progress (P10): the agency sets them, a referent
    reads those of their départements and their own."""
    codes = _departements(request.user)
    year = timezone.localdate().year
    chosen = request.GET.get("annee", str(year))
    if not (chosen.isascii() and chosen.isdigit() and 2000 <= int(chosen) <= 2100):
        raise BadRequest("L'année demandée n'est pas valide.")
    can_set = perms.can_set_objectives(request.user)
    form = None
    if can_set:
        referents = User.objects.filter(role=Role.REFERENT, is_active=True).order_by("last_name", "first_name")
        form = ObjectiveForm(request.POST or None, departements=_departement_choices(None), referents=referents)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.set_objective(
                    request.user,
                    year=data["year"],
                    metric=data["metric"],
                    target=data["target"],
                    departement_code=data["departement"] or None,
                    referent=data["referent"],
                )
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "L'objectif est enregistré.")
                return redirect(f"{reverse('prospecting:objectives')}?annee={data['year']}")
    elif request.method == "POST":
        raise PermissionDenied("Seule l'ATIGIP fixe les objectifs.")
    visible = Objective.objects.filter(year=int(chosen)).select_related("departement", "referent")
    if codes is not None:
        visible = visible.filter(Q(departement_id__in=codes) | Q(referent=request.user))
    day, rows = objectives.progress(list(visible.order_by("departement_id", "referent__last_name", "metric")))
    context = {
        "form": form,
        "year": int(chosen),
        "years": [year - 1, year, year + 1],
        "rows": rows,
        "day": day,
        "can_set": can_set,
        "breadcrumb": _crumbs(("Objectifs", None)),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "prospecting/objectives.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def hand_over_view(request: AuthenticatedRequest) -> HttpResponse:
    """When a referent leaves (P5): their targets of a département go to a successor, in one step."""
    codes = _departements(request.user)
    scope = Target.objects.in_departements(codes).filter(assigned_to__isnull=False)
    holders = User.objects.filter(pk__in=scope.values("assigned_to")).order_by("last_name", "first_name")
    referents = User.objects.filter(role=Role.REFERENT, is_active=True)
    if codes is not None:
        referents = referents.filter(departements__code__in=codes).distinct()
    form = HandOverForm(
        request.POST or None,
        departements=_departement_choices(codes),
        holders=holders,
        referents=referents.order_by("last_name", "first_name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.hand_over(request.user, data["departing"], data["successor"], data["departement"])
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                f"{moved} cible{'s' if moved > 1 else ''} de {data['departing'].get_full_name()} "
                f"confiée{'s' if moved > 1 else ''} à {data['successor'].get_full_name()}.",
            )
            return redirect("prospecting:hand_over")
    held = (
        scope.filter(stage__in=OPEN_STAGES)
        .values("departement_id", "assigned_to__first_name", "assigned_to__last_name", "assigned_to__is_active")
        .annotate(n=Count("id"))
        .order_by("departement_id", "assigned_to__last_name")
    )
    context = {"form": form, "held": held, "breadcrumb": _crumbs(("Passation", None))}
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "prospecting/hand_over.html", context, status=status)


@login_required
@require_POST
def remove_objective(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective, pk=pk)
    if not perms.can_see_objective(request.user, objective.departement_id, objective.referent_id):
        raise Http404
    try:
        services.remove_objective(request.user, objective)
    except Refused as refusal:
        raise PermissionDenied(str(refusal)) from refusal
    messages.success(request, "L'objectif est retiré.")
    return redirect(f"{reverse('prospecting:objectives')}?annee={objective.year}")


def _pipeline_download(wanted: str, targets: QuerySet[Target]) -> HttpResponse:
    if wanted != "xlsx":
        raise BadRequest("La liste se télécharge au format XLSX.")
    header = [
        "Nom",
        "Type",
        "SIREN",
        "SIRET",
        "Commune",
        "Département",
        "Population",
        "Étape",
        "Étape depuis le",
        "Prochaine étape",
        "Date de la prochaine étape",
        "Référent chargé",
        "Adresse",
        "Courriel",
        "Téléphone",
    ]
    rows = [
        [
            t.name,
            t.get_kind_display(),
            t.siren,
            t.siret,
            t.commune.name,
            t.departement_id,
            t.population,
            t.get_stage_display(),
            f"{timezone.localtime(t.stage_changed_at):%d/%m/%Y}",
            t.next_step,
            f"{t.next_step_on:%d/%m/%Y}" if t.next_step_on else "",
            t.assigned_to.get_full_name() if t.assigned_to else "",
            t.address,
            t.email,
            t.phone,
        ]
        for t in targets.select_related("commune", "assigned_to")[:EXPORT_MAX]
    ]
    stamp = timezone.localdate().isoformat()
    return xlsx_response(f"prospection-{stamp}.xlsx", header, rows, title=f"Cibles de prospection, le {stamp}")


# A target ---------------------------------------------------------------------------------------


def _target(request: AuthenticatedRequest, pk: int) -> Target:
    codes = _departements(request.user)
    return get_object_or_404(
        Target.objects.in_departements(codes).select_related("commune", "departement", "assigned_to", "organisation"),
        pk=pk,
    )


def _referents(target: Target) -> QuerySet[User]:
    referents: QuerySet[User] = departement_referents(target.departement_id)
    return referents.order_by("last_name", "first_name")


@login_required
@require_GET
def target_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    target = _target(request, pk)
    record_read(request.user, target)
    return _render_target(request, target)


def _render_target(request: AuthenticatedRequest, target: Target, status: int = 200, **forms: Any) -> HttpResponse:
    next_initial = {"next_step": target.next_step, "next_step_on": target.next_step_on}
    context = {
        "target": target,
        "history": target.stage_changes.select_related("by"),
        "interactions": target.interactions.select_related("by"),
        "contacts": target.contacts.all(),
        "interaction_form": forms.get("interaction_form") or InteractionForm(prefix="echange"),
        "next_step_form": forms.get("next_step_form") or NextStepForm(initial=next_initial, prefix="suite"),
        "move_form": forms.get("move_form") or MoveForm(initial=next_initial, prefix="etape"),
        "abandon_form": forms.get("abandon_form") or AbandonForm(prefix="abandon"),
        "contact_form": forms.get("contact_form") or ContactForm(prefix="contact"),
        "documents": target.documents.select_related("uploaded_by"),
        "document_form": forms.get("document_form") or TargetDocumentForm(prefix="document"),
        "link_form": forms.get("link_form") or LinkForm(prefix="structure"),
        "invite_form": forms.get("invite_form") or InviteForm(initial={"email": target.email}, prefix="invitation"),
        "assign_form": forms.get("assign_form")
        or AssignForm(initial={"referent": target.assigned_to_id}, referents=_referents(target), prefix="charge"),
        "pipeline": PIPELINE,
        "breadcrumb": _crumbs((target.name, None)),
    }
    return render(request, "prospecting/target.html", context, status=status)


def _step(
    request: AuthenticatedRequest,
    pk: int,
    form_name: str,
    make_form: Callable[[Target], Any],
    act: Callable[[Target, Any], str],
) -> HttpResponse:
    """A step posted from the target's sheet: its form valid, the service called; a refusal or
    an invalid form shows the sheet again with the message, nothing saved."""
    target = _target(request, pk)
    form = make_form(target)
    if form.is_valid():
        try:
            done = act(target, form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            return redirect("prospecting:target", pk=target.pk)
    return _render_target(request, target, 400, **{form_name: form})


@login_required
@require_POST
def log_interaction(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        services.log_interaction(request.user, target, **data)
        return "L'échange est noté."

    return _step(request, pk, "interaction_form", lambda t: InteractionForm(request.POST, prefix="echange"), act)


@login_required
@require_POST
def next_step(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        services.set_next_step(request.user, target, data["next_step"], data["next_step_on"])
        return "La prochaine étape est enregistrée."

    return _step(request, pk, "next_step_form", lambda t: NextStepForm(request.POST, prefix="suite"), act)


@login_required
@require_POST
def move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        moved = services.move(
            request.user,
            target,
            data["stage"],
            next_step=data["next_step"],
            next_step_on=data["next_step_on"],
            note=data["note"],
        )
        return f"La cible est à l'étape « {moved.get_stage_display()} »."

    return _step(request, pk, "move_form", lambda t: MoveForm(request.POST, prefix="etape"), act)


@login_required
@require_POST
def abandon(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        services.move(request.user, target, Stage.ABANDONED, reason=data["reason"], note=data["note"])
        return "La cible est abandonnée."

    return _step(request, pk, "abandon_form", lambda t: AbandonForm(request.POST, prefix="abandon"), act)


@login_required
@require_POST
def add_contact(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        services.add_contact(request.user, target, form.instance)
        return "Le contact est ajouté."

    form = ContactForm(request.POST, prefix="contact")
    return _step(request, pk, "contact_form", lambda t: form, act)


@login_required
@require_POST
def remove_contact(request: AuthenticatedRequest, pk: int, contact_pk: int) -> HttpResponse:
    target = _target(request, pk)
    try:
        services.remove_contact(request.user, target, contact_pk)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Le contact est retiré.")
    return redirect("prospecting:target", pk=target.pk)


@login_required
@require_POST
def add_document(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        assert form.detected is not None  # set by a valid form
        content_type, extension = form.detected
        services.add_document(
            request.user,
            target,
            upload=data["file"],
            content_type=content_type,
            extension=extension,
            title=data["title"],
        )
        return "Le document est ajouté."

    form = TargetDocumentForm(request.POST, request.FILES, prefix="document")
    return _step(request, pk, "document_form", lambda t: form, act)


@login_required
@require_GET
def download_document(request: AuthenticatedRequest, pk: int, document_pk: int) -> FileResponse:
    """A target's document, for those who see the target (a target elsewhere: 404); in the log."""
    target = _target(request, pk)
    document = get_object_or_404(TargetDocument, pk=document_pk, target=target)
    response = file_response(document)
    record_read(request.user, document)
    return response


@login_required
@require_POST
def remove_document(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    target = _target(request, pk)
    try:
        services.remove_document(request.user, target, document_pk)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Le document est retiré.")
    return redirect("prospecting:target", pk=target.pk)


@login_required
@require_POST
def invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        services.invite(request.user, target, data["email"], data["message"])
        return f"L'invitation est envoyée à {data['email']}."

    return _step(request, pk, "invite_form", lambda t: InviteForm(request.POST, prefix="invitation"), act)


@login_required
@require_POST
def link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        linked = services.link_organisation(request.user, target, data["siret"].replace(" ", ""))
        assert linked.organisation is not None
        return f"La cible est reliée à « {linked.organisation.name} » : elle est à l'étape « {linked.get_stage_display()} »."

    return _step(request, pk, "link_form", lambda t: LinkForm(request.POST, prefix="structure"), act)


@login_required
@require_POST
def assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(target: Target, data: dict[str, Any]) -> str:
        done = services.assign(request.user, target, data["referent"])
        return (
            f"La cible est confiée à {done.assigned_to.get_full_name()}."
            if done.assigned_to
            else "La cible n'est plus confiée à personne."
        )

    return _step(
        request,
        pk,
        "assign_form",
        lambda t: AssignForm(request.POST, referents=_referents(t), prefix="charge"),
        act,
    )


# Import ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_targets(request: AuthenticatedRequest) -> HttpResponseBase:
    """A list of targets: checked whole, imported whole or not at all, with each line's errors."""
    _departements(request.user)
    if request.GET.get("modele") is not None:
        header, *rows = imports.template_rows()
        return csv_response("modele-liste-cibles.csv", header, rows)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = imports.import_file(
                request.user, upload.name, upload.read(imports.MAX_BYTES + 1), form.cleaned_data["kind"]
            )
        except Refused as refusal:
            form.add_error("file", str(refusal))
        else:
            if report.ok:
                messages.success(
                    request,
                    f"{report.created} cible{'s' if report.created > 1 else ''} créée{'s' if report.created > 1 else ''}, "
                    f"{report.completed} déjà au registre complétée{'s' if report.completed > 1 else ''}.",
                )
                return redirect(f"{reverse('prospecting:pipeline')}?tri=activite")
    context = {"form": form, "report": report, "breadcrumb": _crumbs(("Importer une liste", None))}
    status = 400 if request.method == "POST" and (form.errors or (report and not report.ok)) else 200
    return render(request, "prospecting/import.html", context, status=status)
