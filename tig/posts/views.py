from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tig.accounts.typing import AuthenticatedRequest
from tig.audit.recording import acting_as, record_read
from tig.core.exceptions import Refused
from tig.core.params import id_param, parse_int
from tig.core.pdf import pdf_response
from tig.core.shortcuts import render_form
from tig.organisations.models import Organisation
from tig.posts import exports, freshness, perms, services
from tig.posts.forms import CancelSessionForm, PostForm, SearchForm, SessionChangeForm, SessionForm, SupervisorsForm
from tig.posts.map import map_data, posts_at
from tig.posts.models import Post, Session
from tig.posts.search import Criteria, summaries
from tig.posts.search import search as run_search
from tig.posts.sessions import upcoming
from tig.posts.starting_point import initial_search

POPUP_LIMIT = 10
MAX_BLOCK = 16  # cells per side of a map block: 256 cells at most


def get_post_for_reading(request: AuthenticatedRequest, pk: int) -> Post:
    """The post if the user may see it; a 404 otherwise, so that an id reveals nothing."""
    return get_object_or_404(
        Post.objects.visible_to(request.user).select_related("organisation__commune", "commune__departement"), pk=pk
    )


def get_post_for_editing(request: AuthenticatedRequest, pk: int) -> Post:
    post = get_post_for_reading(request, pk)
    if not perms.can_edit_post(request.user, post):
        raise PermissionDenied("Vous pouvez consulter ce poste, mais pas le modifier.")
    return post


@login_required
@require_GET
def search(request: AuthenticatedRequest) -> HttpResponse:
    # Opened without criteria: the commune field starts at the user's court or service town.
    form = SearchForm(request.GET) if request.GET else SearchForm(initial=initial_search(request.user))
    results = None
    if form.is_requested and form.is_valid():
        results = run_search(request.user, form.criteria(), request.GET.get("page"))
    view = "carte" if request.GET.get("vue") == "carte" else "liste"
    query = _query_without(request, "page", "vue")
    context = {
        "form": form,
        "results": results,
        "view": view,
        "query": query,
        # The sheet's « Retour aux résultats » comes back to this very page of results, in this view.
        "back": quote(request.GET.urlencode(), safe=""),
        "breadcrumb": [("Rechercher un poste", None)],
    }
    template = "posts/search.html#results" if request.htmx and not request.htmx.boosted else "posts/search.html"
    return render(request, template, context)


def _export_listing(request: AuthenticatedRequest, limit: int) -> exports.Listing | HttpResponse:
    """The results of the search in the query string, or the search page that says what is
    wrong with it."""
    form = SearchForm(request.GET)
    if not (form.is_requested and form.is_valid()):
        return redirect(reverse("posts:search") + "?" + request.GET.urlencode())
    return exports.listing(request.user, form.criteria(), limit)


@login_required
@require_GET
def print_view(request: AuthenticatedRequest) -> HttpResponse:
    """The results to print for a hearing: about twenty posts per A4 page."""
    found = _export_listing(request, exports.PRINT_MAX)
    if isinstance(found, HttpResponse):
        return found
    context = {
        "listing": found,
        "legend": exports.LEGEND,
        "query": _query_without(request, "page", "vue"),
        "today": timezone.localdate(),
        "breadcrumb": [("Rechercher un poste", reverse("posts:search")), ("Liste à imprimer", None)],
    }
    return render(request, "posts/print.html", context)


@login_required
@require_GET
def export_pdf(request: AuthenticatedRequest) -> HttpResponse:
    found = _export_listing(request, exports.PRINT_MAX)
    if isinstance(found, HttpResponse):
        return found
    return pdf_response(exports.pdf(found), f"postes-{timezone.localdate():%Y-%m-%d}.pdf")


@login_required
@require_GET
def export_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    """Every result (EXPORT_MAX at most) as a spreadsheet."""
    found = _export_listing(request, exports.EXPORT_MAX)
    if isinstance(found, HttpResponse):
        return found
    response = HttpResponse(
        exports.xlsx(found), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="postes-{timezone.localdate():%Y-%m-%d}.xlsx"'
    return response


def _query_without(request: AuthenticatedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _valid_criteria_or_404(request: AuthenticatedRequest) -> Criteria:
    form = SearchForm(request.GET)
    if not (form.is_requested and form.is_valid()):
        raise Http404("Recherche incomplète ou invalide.")
    return form.criteria()


@login_required
@require_GET
def map_points(request: AuthenticatedRequest) -> HttpResponse:
    """The map's data for the search in the query string (see tig/posts/map.py)."""
    criteria = _valid_criteria_or_404(request)
    return JsonResponse(map_data(request.user, criteria))


@login_required
@require_GET
def map_place(request: AuthenticatedRequest) -> HttpResponse:
    """The posts behind one marker of the map, as an HTML fragment for its popup."""
    criteria = _valid_criteria_or_404(request)
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        raise Http404("Point de la carte invalide.") from None
    block = parse_int(request.GET.get("bloc") or "0", maximum=MAX_BLOCK)
    if block is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Http404("Point de la carte invalide.")
    here = posts_at(request.user, criteria, lat, lon, block)
    posts = summaries([item.id for item in here[:POPUP_LIMIT]])
    hits = [(posts[item.id], item.distance_km) for item in here[:POPUP_LIMIT] if item.id in posts]
    return render(request, "posts/_map_place.html", {"hits": hits, "more": len(here) - len(hits), "block": block})


@login_required
@require_GET
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = get_post_for_reading(request, pk)
    record_read(request.user, post)
    show_contacts = perms.can_see_tutor_contacts(request.user, post)
    can_edit = perms.can_edit_post(request.user, post)
    can_register = perms.can_request_registration(request.user, post)
    context = {
        "post": post,
        # What the host proposed and the list has not yet registered: for those who act on it.
        "revision": services.pending_revision(post) if (can_edit or can_register) else None,
        "tutors": post.tutors.order_by("last_name", "first_name") if show_contacts else None,
        "can_edit": can_edit,
        "can_request_registration": can_register,
        "sessions": upcoming([post.pk], limit=None)[post.pk] if post.collective else [],
        "supervisors": post.supervisors.order_by("last_name", "first_name") if show_contacts else None,
        "back": request.GET.get("retour", ""),
        "breadcrumb": [("Rechercher un poste", reverse("posts:search")), (post.title, None)],
    }
    return render(request, "posts/detail.html", context)


def _organisation_for_new_post(request: AuthenticatedRequest) -> Organisation:
    pk = id_param(request.GET, "structure") or id_param(request.POST, "structure")
    if pk is None and request.user.is_host_staff and len(request.user.organisation_roles) == 1:
        pk = next(iter(request.user.organisation_roles))
    if pk is None:
        raise Http404("Structure d'accueil introuvable.")
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user).select_related("commune"), pk=pk)
    if not perms.can_create_post_for(request.user, organisation):
        raise PermissionDenied("Vous ne pouvez pas créer de poste pour cette structure.")
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedRequest) -> HttpResponse:
    organisation = _organisation_for_new_post(request)
    initial = {
        "commune": organisation.commune,
        "site_address": organisation.address,
        "lat": organisation.commune.lat,
        "lon": organisation.commune.lon,
    }
    form = PostForm(request.POST or None, organisation=organisation, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            post = form.save(commit=False)
            services.save_post(post, form.changed_data, request.user)
            form.save_m2m()
        messages.success(request, f"Le poste « {post.title} » a été créé.")
        return redirect("posts:detail", pk=post.pk)
    return _render_form(request, form, organisation, title="Nouveau poste")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = get_post_for_editing(request, pk)
    form = PostForm(request.POST or None, instance=post, organisation=post.organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                revision = services.save_post(form.save(commit=False), form.changed_data, request.user)
                form.save_m2m()
        except Refused as error:
            form.add_error(None, str(error))
            return _render_form(request, form, post.organisation, title=f"Modifier « {post.title} »", post=post)
        if revision is not None and revision.values:
            messages.warning(
                request,
                "Les autres modifications sont enregistrées. Celles-ci attendent une décision d'inscription : "
                + ", ".join(revision.field_labels)
                + ". Le poste reste proposé dans la recherche tel qu'il est inscrit ; déposez la demande "
                "depuis la fiche du poste.",
            )
        else:
            messages.success(request, "Les modifications du poste ont été enregistrées.")
        return redirect("posts:detail", pk=post.pk)
    return _render_form(request, form, post.organisation, title=f"Modifier « {post.title} »", post=post)


def _render_form(
    request: AuthenticatedRequest, form, organisation: Organisation, *, title: str, post: Post | None = None
) -> HttpResponse:
    breadcrumb: list[tuple[str, str | None]] = [
        (organisation.name, reverse("organisations:detail", args=[organisation.pk]))
    ]
    if post:
        breadcrumb.append((post.title, reverse("posts:detail", args=[post.pk])))
    breadcrumb.append((title, None))
    context = {
        "form": form,
        "organisation": organisation,
        "post": post,
        "title": title,
        "breadcrumb": breadcrumb,
    }
    return render_form(request, "posts/form.html", context)


@login_required
@require_POST
def confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """« Ce poste est toujours d'actualité »: the organisation or a referent confirms it."""
    post = get_post_for_editing(request, pk)
    freshness.confirm(post)
    messages.success(request, "Merci : le poste est confirmé comme à jour.")
    return redirect("posts:detail", pk=post.pk)


@require_http_methods(["GET", "POST"])
def confirm_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the reminder e-mail: no sign-in, one button (a GET alone changes nothing, so
    that a mail scanner following links confirms nothing)."""
    post = freshness.post_from_token(token, Post.objects.select_related("organisation"))
    if post is None:
        return render(request, "posts/confirm_link.html", {"post": None}, status=404)
    if request.method == "POST":
        with acting_as(f"lien de confirmation ({post.organisation.name})"):
            freshness.confirm(post)
        return render(request, "posts/confirm_link.html", {"post": post, "confirmed": True})
    return render(request, "posts/confirm_link.html", {"post": post, "confirmed": False})


# The sessions of a collective worksite (docs/regles.md, C1–C2) ------------------------------------


def _worksite_for_editing(request: AuthenticatedRequest, pk: int) -> Post:
    post = get_post_for_editing(request, pk)
    if not post.collective:
        raise Http404("Ce poste n'est pas un chantier collectif.")
    return post


@login_required
@require_http_methods(["GET", "POST"])
def worksite_sessions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The worksite's sessions to come, new ones (one, or one a week), its supervisors."""
    post = _worksite_for_editing(request, pk)
    form = SessionForm(request.POST or None, initial={"meeting_point": post.site_address})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.add_sessions(
                request.user,
                post,
                data["day"],
                data["start"],
                data["end"],
                data["capacity"],
                data["meeting_point"],
                weeks=data["weeks"],
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, f"{len(made)} séance{'s' if len(made) > 1 else ''} ajoutée{'s' if len(made) > 1 else ''}."
            )
            return redirect("posts:sessions", pk=post.pk)
    context = {
        "post": post,
        "form": form,
        "sessions": upcoming([post.pk], limit=None)[post.pk],
        "supervisors_form": SupervisorsForm(
            initial={"supervisors": list(post.supervisors.all())}, candidates=services.supervisor_candidates(post)
        ),
        "breadcrumb": [
            ("Rechercher un poste", reverse("posts:search")),
            (post.title, reverse("posts:detail", args=[post.pk])),
            ("Séances du chantier", None),
        ],
    }
    return render_form(request, "posts/sessions.html", context)


@login_required
@require_POST
def worksite_supervisors(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = _worksite_for_editing(request, pk)
    form = SupervisorsForm(request.POST, candidates=services.supervisor_candidates(post))
    if not form.is_valid():
        messages.error(request, "Choisissez les encadrants dans la liste.")
        return redirect("posts:sessions", pk=post.pk)
    try:
        services.set_supervisors(request.user, post, form.cleaned_data["supervisors"])
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Encadrants enregistrés.")
    return redirect("posts:sessions", pk=post.pk)


@login_required
@require_http_methods(["GET", "POST"])
def worksite_session(request: AuthenticatedRequest, pk: int, session_pk: int) -> HttpResponse:
    """A session changed (or its series from it on), or cancelled."""
    post = _worksite_for_editing(request, pk)
    session = get_object_or_404(Session, pk=session_pk, post=post)
    in_series = session.series is not None
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    initial = {
        "day": starts.date(),
        "start": starts.time(),
        "end": ends.time(),
        "capacity": session.capacity,
        "meeting_point": session.meeting_point,
    }
    cancelling = request.method == "POST" and "annuler" in request.POST
    form = SessionChangeForm(
        request.POST if request.method == "POST" and not cancelling else None, initial=initial, in_series=in_series
    )
    cancel_form = CancelSessionForm(request.POST if cancelling else None, in_series=in_series)
    if cancelling and cancel_form.is_valid():
        try:
            gone = services.cancel_session(
                request.user,
                session,
                cancel_form.cleaned_data["reason"],
                cancel_form.cleaned_data.get("whole_series", False),
            )
        except Refused as refusal:
            cancel_form.add_error(None, str(refusal))
        else:
            messages.success(
                request, f"{len(gone)} séance{'s' if len(gone) > 1 else ''} annulée{'s' if len(gone) > 1 else ''}."
            )
            return redirect("posts:sessions", pk=post.pk)
    elif request.method == "POST" and not cancelling and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_session(
                request.user,
                session,
                data["start"],
                data["end"],
                data["capacity"],
                data["meeting_point"],
                day=data["day"],
                whole_series=data.get("whole_series", False),
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Séance modifiée.")
            return redirect("posts:sessions", pk=post.pk)
    refused = request.method == "POST" and bool(form.errors or cancel_form.errors)
    context = {
        "post": post,
        "session": session,
        "form": form,
        "cancel_form": cancel_form,
        "breadcrumb": [
            (post.title, reverse("posts:detail", args=[post.pk])),
            ("Séances du chantier", reverse("posts:sessions", args=[post.pk])),
            (f"Séance du {starts:%d/%m/%Y}", None),
        ],
    }
    return render(request, "posts/session.html", context, status=400 if refused else 200)
