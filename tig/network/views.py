"""The network's pages (docs/regles.md, P15–P17): the tutors' directory and a tutor's record with
its attestation, the local events and their registrations. Each view parses, calls
tig/network/services.py or tutors.py, renders; what the user may not see answers 404."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.models import User
from tig.accounts.typing import AuthenticatedRequest
from tig.audit.recording import record_read
from tig.core.exceptions import Refused
from tig.core.exports import xlsx_response
from tig.core.pdf import pdf_response
from tig.core.shortcuts import render_form
from tig.network import perms, services, tutors
from tig.network.attestation import attestation
from tig.network.forms import CancelForm, DirectoryFilterForm, EventForm
from tig.network.models import Event
from tig.territories.models import Departement

PAGE_SIZE = 50
EXPORT_MAX = 10_000


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Réseau des structures et des tuteurs", reverse("network:events")), *items]


# Tutors -----------------------------------------------------------------------------------------


@login_required
@require_GET
def directory(request: AuthenticatedRequest) -> HttpResponseBase:
    if not perms.can_see_directory(request.user):
        raise Http404("Page introuvable.")
    departements = _departements_in_view(request.user)
    form = DirectoryFilterForm(request.GET or None, departements=[(d.code, str(d)) for d in departements])
    lines = tutors.directory(perms.departements_in_view(request.user))
    if form.is_bound and not form.is_valid():
        return render(
            request, "network/directory.html", {"form": form, "breadcrumb": _crumbs(("Tuteurs", None))}, status=400
        )
    if form.is_bound:
        if form.cleaned_data["departement"]:
            lines = lines.filter(organisation__commune__departement_id=form.cleaned_data["departement"])
        query = form.cleaned_data["q"].strip()
        if query:
            lines = lines.filter(
                Q(user__last_name__icontains=query)
                | Q(user__first_name__icontains=query)
                | Q(organisation__name__icontains=query)
            )
    lines = lines.order_by("user__last_name", "user__first_name", "organisation__name", "pk")
    if request.GET.get("format") == "xlsx":
        return _directory_download(list(lines[:EXPORT_MAX]))
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = tutors.directory_counts(list(page))
    context = {
        "form": form,
        "page": page,
        "rows": [(line, counts[line.user_id, line.organisation_id]) for line in page],
        "breadcrumb": _crumbs(("Tuteurs", None)),
    }
    return render(request, "network/directory.html", context)


def _directory_download(lines: list[Any]) -> HttpResponse:
    counts = tutors.directory_counts(lines)
    header = [
        "Nom",
        "Prénom",
        "Adresse électronique",
        "Téléphone",
        "Structure",
        "Commune",
        "Rôle",
        "Postes encadrés",
        "Formations suivies",
    ]
    rows = [
        [
            line.user.last_name,
            line.user.first_name,
            line.user.email,
            line.user.phone,
            line.organisation.name,
            line.organisation.commune.label,
            line.get_role_display(),
            counts[line.user_id, line.organisation_id].posts,
            counts[line.user_id, line.organisation_id].trainings,
        ]
        for line in lines
    ]
    today = timezone.localdate()
    return xlsx_response(
        f"tuteurs-{today:%Y-%m-%d}.xlsx", header, rows, title=f"Tuteurs — Plateforme TIG, {today:%d/%m/%Y}"
    )


def _tutor(request: AuthenticatedRequest, pk: int) -> tuple[User, dict[int, str]]:
    tutor = get_object_or_404(User.objects.filter(memberships__isnull=False).distinct(), pk=pk)
    places = tutors.places(tutor)
    if not perms.can_see_tutor_record(request.user, tutor, places):
        raise Http404("Page introuvable.")
    return tutor, places


@login_required
@require_GET
def my_record(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_host_staff:
        raise Http404("Page introuvable.")
    return redirect("network:tutor", pk=request.user.pk)


@login_required
@require_GET
def tutor_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    tutor, places = _tutor(request, pk)
    record_read(request.user, tutor, "parcours de tuteur")
    record = tutors.record(tutor)
    context = {
        "record": record,
        "own": tutor.pk == request.user.pk,
        "attestable": [
            tutoring
            for tutoring in record.tutorings
            if perms.can_issue_attestation(request.user, tutor, tutoring.organisation.pk, places)
        ],
        "breadcrumb": _crumbs((f"Parcours de {tutor.get_full_name()}", None)),
    }
    return render(request, "network/tutor.html", context)


@login_required
@require_GET
def tutor_attestation(request: AuthenticatedRequest, pk: int, organisation_pk: int) -> HttpResponse:
    tutor, places = _tutor(request, pk)
    if not perms.can_issue_attestation(request.user, tutor, organisation_pk, places):
        raise Http404("Page introuvable.")
    record = tutors.record(tutor)
    tutoring = next(tutoring for tutoring in record.tutorings if tutoring.organisation.pk == organisation_pk)
    record_read(request.user, tutor, "attestation de tutorat")
    content = attestation(record, tutoring, issued_by=request.user.get_full_name())
    return pdf_response(content, f"attestation-tutorat-{tutor.last_name.lower()}.pdf")


# Events -----------------------------------------------------------------------------------------


def _visible_events(user: User) -> list[Event]:
    events = Event.objects.select_related("departement", "organiser")
    if user.is_national_admin:
        return list(events)
    if user.is_referent:
        return list(events.filter(Q(departement__isnull=True) | Q(departement_id__in=user.referent_departement_codes)))
    places = services.member_places(user)
    codes = {code for code, _role in places}
    return [
        event
        for event in events.filter(Q(departement__isnull=True) | Q(departement_id__in=codes))
        if perms.is_for(event, places)
    ]


@login_required
@require_GET
def events(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not (user.is_national_admin or user.is_referent or user.is_host_staff):
        raise Http404("Page introuvable.")
    now = timezone.now()
    visible = [event for event in _visible_events(user) if event.ends_at >= now - timedelta(days=365)]
    registered = set(user.event_participations.filter(registered_at__isnull=False).values_list("event_id", flat=True))
    context = {
        "coming": [(event, event.pk in registered) for event in visible if event.ends_at >= now],
        "past": [(event, event.pk in registered) for event in reversed(visible) if event.ends_at < now],
        "can_organise": perms.departements_in_view(user) != [],
        "can_see_directory": perms.can_see_directory(user),
        "breadcrumb": [("Réseau des structures et des tuteurs", None)],
    }
    return render(request, "network/events.html", context)


def _departements_in_view(user: User) -> QuerySet[Departement]:
    """The départements whose events and tutors the user holds, in order."""
    codes = perms.departements_in_view(user)
    departements = Departement.objects.order_by("code")
    return departements if codes is None else departements.filter(code__in=codes)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedRequest) -> HttpResponse:
    if perms.departements_in_view(request.user) == []:
        raise Http404("Page introuvable.")
    form = EventForm(
        request.POST or None,
        departements=_departements_in_view(request.user),
        national=request.user.is_national_admin,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(request.user, form.save(commit=False))
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "La rencontre est créée : invitez maintenant les structures.")
            return redirect("network:event", pk=event.pk)
    context = {"form": form, "breadcrumb": _crumbs(("Nouvelle rencontre", None))}
    return render_form(request, "network/event_form.html", context)


def _event(request: AuthenticatedRequest, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("departement", "organiser"), pk=pk)
    if not perms.can_see_event(request.user, event, services.member_places(request.user)):
        raise Http404("Rencontre introuvable.")
    return event


@login_required
@require_GET
def event_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_event(request, _event(request, pk))


def _render_event(request: AuthenticatedRequest, event: Event, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    manager = perms.can_manage_event(user, event)
    participations = list(event.participations.select_related("user").order_by("user__last_name", "user__first_name"))
    mine = next((p for p in participations if p.user_id == user.pk), None)
    registered = [p for p in participations if p.registered_at is not None]
    context = {
        "event": event,
        "manager": manager,
        "registered": registered if manager else [],
        "registered_count": len(registered),
        "invited_count": sum(1 for p in participations if p.invited_at is not None),
        "seats_left": None if event.capacity is None else max(event.capacity - len(registered), 0),
        "mine": mine,
        "can_register": perms.can_register(user, event, services.member_places(user)),
        "attendance_open": manager and event.cancelled_at is None and event.starts_at <= timezone.now(),
        "cancel_form": forms.get("cancel_form") or CancelForm(prefix="annulation"),
        "error": forms.get("error"),
        "breadcrumb": _crumbs((event.title, None)),
    }
    return render(request, "network/event.html", context, status=status)


def _act(request: AuthenticatedRequest, pk: int, act: Callable[[Event], str]) -> HttpResponse:
    event = _event(request, pk)
    try:
        done = act(event)
    except Refused as refusal:
        return _render_event(request, event, 400, error=str(refusal))
    messages.success(request, done)
    return redirect("network:event", pk=event.pk)


@login_required
@require_POST
def event_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(event: Event) -> str:
        count = services.invite(request.user, event)
        return f"{count} invitation{'s' if count > 1 else ''} envoyée{'s' if count > 1 else ''}."

    return _act(request, pk, act)


@login_required
@require_POST
def event_register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(event: Event) -> str:
        services.register(request.user, event)
        return "Vous êtes inscrit à la rencontre."

    return _act(request, pk, act)


@login_required
@require_POST
def event_unregister(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(event: Event) -> str:
        services.unregister(request.user, event)
        return "Votre inscription est retirée."

    return _act(request, pk, act)


PRESENCE = {"1": True, "0": False}


@login_required
@require_POST
def event_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def act(event: Event) -> str:
        present: dict[int, bool] = {}
        for name, value in request.POST.items():
            if not name.startswith("presence-") or value == "":
                continue
            user_id = name.removeprefix("presence-")
            if not user_id.isdigit() or value not in PRESENCE or len(user_id) > 12:
                raise Refused("Choisissez « présent » ou « absent » pour chaque personne inscrite.")
            present[int(user_id)] = PRESENCE[value]
        services.record_attendance(request.user, event, present)
        return "Les présences sont enregistrées."

    return _act(request, pk, act)


@login_required
@require_POST
def event_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    form = CancelForm(request.POST, prefix="annulation")
    if not form.is_valid():
        return _render_event(request, event, 400, cancel_form=form)
    try:
        services.cancel(request.user, event, form.cleaned_data["reason"])
    except Refused as refusal:
        form.add_error(None, str(refusal))
        return _render_event(request, event, 400, cancel_form=form)
    messages.success(request, "La rencontre est annulée ; les inscrits sont prévenus.")
    return redirect("network:event", pk=event.pk)
