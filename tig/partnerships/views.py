"""The national partnerships' pages (docs/regles.md, P11): the partners, a partner's sheet (its
agreements, its network in figures per département, its objectives, the local actions, its
coordinators), its network's organisations, and the coordinator's own page. Each view parses,
calls tig/partnerships/services.py or network.py, renders. A partner's pages answer 404 to whoever
may not read them, as if it did not exist."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.models import User
from tig.accounts.typing import AuthenticatedRequest
from tig.audit.recording import record_read
from tig.core.exceptions import Refused
from tig.core.exports import csv_response, xlsx_response
from tig.core.shortcuts import render_form
from tig.habilitations.documents import file_response
from tig.partnerships import network, perms, services
from tig.partnerships.forms import ActionForm, AgreementForm, CoordinatorForm, LinkForm, ObjectiveForm, PartnerForm
from tig.partnerships.models import Agreement, Branch, Coordinator, LocalAction, Partner, current_agreement
from tig.stats.secrecy import label
from tig.territories.models import Departement

BRANCHES_PER_PAGE = 50


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Partenariats nationaux", reverse("partnerships:list")), *items]


def _partner(request: AuthenticatedRequest, pk: int) -> Partner:
    """A partner whose sheet the user reads (the agency, the referents); 404 otherwise."""
    if not perms.can_see_partners(request.user):
        raise Http404("Partenaire introuvable.")
    return get_object_or_404(Partner, pk=pk)


def _managed(request: AuthenticatedRequest, pk: int) -> Partner:
    partner = _partner(request, pk)
    if not perms.can_manage_partners(request.user):
        raise Http404("Partenaire introuvable.")
    return partner


def _scope_name(codes: list[str] | None) -> str:
    if codes is None:
        return "France entière"
    return "vos départements" if len(codes) > 1 else f"le département {codes[0]}"


@login_required
@require_GET
def partner_list(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.is_partner_coordinator:
        return redirect("partnerships:network")
    if not perms.can_see_partners(request.user):
        raise Http404("Page introuvable.")
    codes = perms.departements_in_view(request.user)
    today = timezone.localdate()
    partners = list(Partner.objects.prefetch_related("agreements").order_by("name"))
    figures = network.totals([partner.pk for partner in partners], codes)
    rows = []
    for partner in partners:
        current = current_agreement(partner.agreements.all(), today)
        rows.append((partner, figures[partner.pk], current, current.state(today) if current else None))
    context = {
        "rows": rows,
        "scope": _scope_name(codes),
        "can_manage": perms.can_manage_partners(request.user),
        "breadcrumb": [("Partenariats nationaux", None)],
    }
    return render(request, "partnerships/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: AuthenticatedRequest) -> HttpResponse:
    if not perms.can_manage_partners(request.user):
        raise Http404("Page introuvable.")
    return _partner_form(request, Partner(), "Nouveau partenaire national")


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _managed(request, pk)
    return _partner_form(request, partner, f"Modifier « {partner} »")


def _partner_form(request: AuthenticatedRequest, partner: Partner, title: str) -> HttpResponse:
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            joined = services.save_partner(request.user, form.save(commit=False))
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            done = "Le partenaire est enregistré."
            if joined:
                done += f" {joined} structure{'s' if joined > 1 else ''} rejoint son réseau par le SIREN."
            messages.success(request, done)
            return redirect("partnerships:detail", pk=partner.pk)
    context = {
        "form": form,
        "title": title,
        "partner": partner if partner.pk else None,
        "breadcrumb": _crumbs((title, None)),
    }
    return render_form(request, "partnerships/partner_form.html", context)


@login_required
@require_POST
def partner_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _managed(request, pk)
    try:
        services.delete_partner(request.user, partner)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("partnerships:detail", pk=partner.pk)
    messages.success(request, "Le partenaire est supprimé.")
    return redirect("partnerships:list")


def _user_departements(user: User) -> Any:
    codes = perms.departements_in_view(user)
    departements = Departement.objects.order_by("code")
    return departements if codes is None else departements.filter(code__in=codes)


@login_required
@require_GET
def partner_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    record_read(request.user, partner)
    return _render_partner(request, partner)


def _render_partner(request: AuthenticatedRequest, partner: Partner, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    codes = perms.departements_in_view(user)
    today = timezone.localdate()
    actions = partner.actions.select_related("departement", "by")
    if codes is not None:
        actions = actions.filter(departement_id__in=codes)
    can_manage = perms.can_manage_partners(user)
    can_link = user.is_national_admin or bool(codes)
    context = {
        "partner": partner,
        "agreements": [(agreement, agreement.state(today)) for agreement in partner.agreements.all()],
        "network": network.figures(partner.pk, codes),
        "scope": _scope_name(codes),
        "objectives": partner.objectives.select_related("departement").order_by("departement_id"),
        "actions": actions[:50],
        "coordinators": partner.coordinators.select_related("user") if can_manage else [],
        "can_manage": can_manage,
        "can_link": can_link,
        "link_form": forms.get("link_form") or LinkForm(prefix="structure"),
        "action_form": forms.get("action_form") or ActionForm(prefix="action", departements=_user_departements(user)),
        "objective_form": forms.get("objective_form") or ObjectiveForm(prefix="objectif"),
        "coordinator_form": forms.get("coordinator_form") or CoordinatorForm(prefix="coordinateur"),
        "breadcrumb": _crumbs((partner.name, None)),
    }
    return render(request, "partnerships/detail.html", context, status=status)


def _run(request: AuthenticatedRequest, call: Callable[[], object], success: str) -> None:
    """A step posted by a button (nothing to fill in): its refusal or its success as a message."""
    try:
        call()
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)


def _step(
    request: AuthenticatedRequest,
    partner: Partner,
    form_name: str,
    form: Any,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """A step posted from the partner's sheet: a refusal or an invalid form shows the sheet
    again with the message, nothing saved."""
    if form.is_valid():
        try:
            done = act(form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            return redirect("partnerships:detail", pk=partner.pk)
    return _render_partner(request, partner, 400, **{form_name: form})


@login_required
@require_POST
def link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)

    def act(data: dict[str, Any]) -> str:
        branch = services.link_organisation(request.user, partner, data["siret"])
        return f"« {branch.organisation} » rejoint le réseau de {partner}."

    return _step(request, partner, "link_form", LinkForm(request.POST, prefix="structure"), act)


@login_required
@require_POST
def link_siren(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _managed(request, pk)
    if not partner.siren:
        messages.error(request, "Ce partenaire n'a pas de SIREN : indiquez-le d'abord.")
    else:
        joined = services.link_by_siren(partner, request.user)
        messages.success(request, f"{joined} structure{'s' if joined > 1 else ''} rejoint le réseau par le SIREN.")
    return redirect("partnerships:detail", pk=partner.pk)


@login_required
@require_POST
def unlink(request: AuthenticatedRequest, pk: int, branch_pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    branch = get_object_or_404(_branches(request.user, partner), pk=branch_pk)
    _run(
        request,
        lambda: services.unlink_organisation(request.user, branch),
        f"« {branch.organisation} » ne fait plus partie du réseau.",
    )
    return redirect("partnerships:branches", pk=partner.pk)


def _branches(user: User, partner: Partner) -> Any:
    branches = Branch.objects.filter(partner=partner).select_related("organisation__commune")
    codes = perms.departements_in_view(user)
    if codes is not None:
        branches = branches.filter(organisation__commune__departement_id__in=codes)
    return branches


@login_required
@require_GET
def branches(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    found = _branches(request.user, partner).annotate(
        posts=Count("organisation__posts", filter=Q(organisation__posts__listed=True))
    )
    page = Paginator(found.order_by("organisation__name", "pk"), BRANCHES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "partner": partner,
        "page": page,
        "scope": _scope_name(perms.departements_in_view(request.user)),
        "can_link": perms.departements_in_view(request.user) != [],
        "breadcrumb": _crumbs(
            (partner.name, reverse("partnerships:detail", args=[partner.pk])), ("Structures du réseau", None)
        ),
    }
    return render(request, "partnerships/branches.html", context)


@login_required
@require_POST
def set_objective(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _managed(request, pk)

    def act(data: dict[str, Any]) -> str:
        services.set_objective(request.user, partner, data["departement"], data["posts"], data["places"])
        return f"L'objectif du département {data['departement']} est enregistré."

    return _step(request, partner, "objective_form", ObjectiveForm(request.POST, prefix="objectif"), act)


@login_required
@require_POST
def remove_objective(request: AuthenticatedRequest, pk: int, objective_pk: int) -> HttpResponse:
    partner = _managed(request, pk)
    _run(request, lambda: services.remove_objective(request.user, partner, objective_pk), "L'objectif est retiré.")
    return redirect("partnerships:detail", pk=partner.pk)


@login_required
@require_POST
def log_action(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    form = ActionForm(request.POST, prefix="action", departements=_user_departements(request.user))

    def act(data: dict[str, Any]) -> str:
        services.log_action(request.user, partner, data)
        return "L'action locale est notée."

    return _step(request, partner, "action_form", form, act)


@login_required
@require_POST
def remove_action(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    action = get_object_or_404(LocalAction, partner=partner, pk=action_pk)
    codes = perms.departements_in_view(request.user)
    if codes is not None and action.departement_id not in codes:
        raise Http404("Action introuvable.")
    _run(request, lambda: services.remove_action(request.user, action), "L'action est retirée.")
    return redirect("partnerships:detail", pk=partner.pk)


@login_required
@require_POST
def invite_coordinator(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _managed(request, pk)

    def act(data: dict[str, Any]) -> str:
        invitation = services.invite_coordinator(request.user, partner, data)
        return f"Une invitation est envoyée à {invitation.email}."

    return _step(request, partner, "coordinator_form", CoordinatorForm(request.POST, prefix="coordinateur"), act)


@login_required
@require_POST
def remove_coordinator(request: AuthenticatedRequest, pk: int, coordinator_pk: int) -> HttpResponse:
    partner = _managed(request, pk)
    _run(
        request,
        lambda: services.remove_coordinator(request.user, partner, coordinator_pk),
        "Le compte du coordinateur est fermé.",
    )
    return redirect("partnerships:detail", pk=partner.pk)


# Agreements ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    partner = _managed(request, pk)
    return _agreement_form(request, partner, Agreement(partner=partner), "Nouvelle convention")


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthenticatedRequest, pk: int, agreement_pk: int) -> HttpResponse:
    partner = _managed(request, pk)
    agreement = get_object_or_404(Agreement, partner=partner, pk=agreement_pk)
    return _agreement_form(request, partner, agreement, f"Modifier « {agreement.title} »")


def _agreement_form(request: AuthenticatedRequest, partner: Partner, agreement: Agreement, title: str) -> HttpResponse:
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_agreement(
                request.user, form.save(commit=False), form.cleaned_data.get("document") or None, form.extension
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "La convention est enregistrée.")
            return redirect("partnerships:detail", pk=partner.pk)
    context = {
        "form": form,
        "title": title,
        "partner": partner,
        "agreement": agreement if agreement.pk else None,
        "breadcrumb": _crumbs((partner.name, reverse("partnerships:detail", args=[partner.pk])), (title, None)),
    }
    return render_form(request, "partnerships/agreement_form.html", context)


@login_required
@require_GET
def agreement_document(request: AuthenticatedRequest, pk: int, agreement_pk: int) -> FileResponse:
    """The signed text, for the agency, the referents and the partner's own coordinators."""
    partner = get_object_or_404(Partner, pk=pk)
    if not perms.can_read_network(request.user, partner.pk, _coordinated(request.user)):
        raise Http404("Document introuvable.")
    agreement = get_object_or_404(Agreement, partner=partner, pk=agreement_pk)
    if not agreement.file:
        raise Http404("Cette convention n'a pas de texte signé enregistré.")
    response = file_response(agreement)
    record_read(request.user, agreement, "texte signé")
    return response


# Figures ---------------------------------------------------------------------------------------


HEADER = [
    "Département",
    "Structures du réseau",
    "Postes dans la recherche",
    "Places",
    "Places occupées",
    "Occupation (%)",
    "Objectif de postes",
    "Objectif de places",
]


def _rows(figures: network.Network) -> list[list[Any]]:
    return [
        [
            f"{line.code} — {line.name}" if line.code != network.TOTAL else line.name,
            line.organisations,
            line.posts,
            line.places,
            line.taken if line.taken is not None else label(None),
            line.occupancy,
            line.objective_posts,
            line.objective_places,
        ]
        for line in [*figures.lines, figures.total]
    ]


@login_required
@require_GET
def network_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """The sheet's table of figures as CSV or XLSX; a coordinator's, with the statistical secrecy."""
    partner = get_object_or_404(Partner, pk=pk)
    coordinated = _coordinated(request.user)
    if not perms.can_read_network(request.user, partner.pk, coordinated):
        raise Http404("Partenaire introuvable.")
    figures = network.figures(
        partner.pk, perms.departements_in_view(request.user), secrecy=request.user.is_partner_coordinator
    )
    today = timezone.localdate()
    name = f"reseau-{partner.pk}-{today:%Y-%m-%d}"
    title = f"Réseau de {partner} — Plateforme TIG, {today:%d/%m/%Y}"
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{name}.xlsx", HEADER, _rows(figures), title=title)
    if request.GET.get("format", "csv") == "csv":
        return csv_response(f"{name}.csv", HEADER, _rows(figures))
    raise Http404("Format inconnu : csv ou xlsx.")


def _coordinated(user: User) -> int | None:
    if not user.is_partner_coordinator:
        return None
    return Coordinator.objects.filter(user=user).values_list("partner_id", flat=True).first()


@login_required
@require_GET
def my_network(request: AuthenticatedRequest) -> HttpResponse:
    """The partner's coordinator's page: its network's aggregated figures, per département, the
    places taken under the statistical secrecy; no organisation, no person."""
    coordinated = _coordinated(request.user)
    if coordinated is None or not request.user.is_active:
        raise Http404("Page introuvable.")
    partner = Partner.objects.get(pk=coordinated)
    record_read(request.user, partner, "chiffres du réseau")
    today = timezone.localdate()
    context = {
        "partner": partner,
        "agreements": [(agreement, agreement.state(today)) for agreement in partner.agreements.all()],
        "network": network.figures(partner.pk, None, secrecy=True),
        "breadcrumb": [("Mon réseau", None)],
    }
    return render(request, "partnerships/network.html", context)
