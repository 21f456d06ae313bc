from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from tig.audit.recording import record_read
from tig.core.shortcuts import render_form
from tig.habilitations.enums import OPEN_STATUSES
from tig.habilitations.perms import can_start_for
from tig.organisations import perms
from tig.organisations.forms import OrganisationForm
from tig.organisations.models import Organisation
from tig.posts.enums import PostStatus
from tig.posts.models import Post
from tig.posts.perms import can_create_post_for

PAGE_SIZE = 30


def get_organisation_for_reading(request, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user).select_related("commune"), pk=pk)


def get_organisation_for_editing(request, pk: int) -> Organisation:
    organisation = get_organisation_for_reading(request, pk)
    if not perms.can_edit_organisation(request.user, organisation):
        raise PermissionDenied("Vous pouvez consulter cette structure, mais pas la modifier.")
    return organisation


@login_required
@require_GET
def organisation_list(request):
    user = request.user
    if user.is_host_staff:
        organisations = Organisation.objects.visible_to(user)
        if len(user.organisation_roles) == 1:
            return redirect("organisations:detail", pk=next(iter(user.organisation_roles)))
    elif user.is_referent:
        organisations = Organisation.objects.in_departements(user.referent_departement_codes)
    elif user.is_national_admin:
        organisations = Organisation.objects.all()
    else:
        raise PermissionDenied("La liste des structures est réservée aux référents territoriaux et à l'ATIGIP.")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(siret__startswith=query.replace(" ", "")))
    organisations = organisations.select_related("commune").annotate(
        active_posts=Count("posts", filter=Q(posts__status=PostStatus.ACTIVE))
    )
    page = Paginator(organisations.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "can_create": perms.can_create_organisation(user),
        "breadcrumb": [("Structures d'accueil", None)],
    }
    return render(request, "organisations/list.html", context)


@login_required
@require_GET
def detail(request, pk: int):
    organisation = get_organisation_for_reading(request, pk)
    record_read(request.user, organisation)
    can_edit = perms.can_edit_organisation(request.user, organisation)
    posts = (
        Post.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("commune")
        .order_by("status", "title")
    )
    context = {
        "organisation": organisation,
        "posts": posts,
        "can_edit": can_edit,
        "can_add_post": can_create_post_for(request.user, organisation),
        **_files_context(request.user, organisation),
        "memberships": organisation.memberships.select_related("user").order_by("role", "user__last_name")
        if can_edit
        else None,
        "breadcrumb": [("Structures d'accueil", reverse("organisations:list")), (organisation.name, None)],
    }
    return render(request, "organisations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not perms.can_create_organisation(request.user):
        raise PermissionDenied("Seuls les référents territoriaux et l'ATIGIP enregistrent une structure.")
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
        messages.success(request, f"La structure « {organisation.name} » a été enregistrée.")
        return redirect("organisations:detail", pk=organisation.pk)
    return _render_form(request, form, "Nouvelle structure d'accueil")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    organisation = get_organisation_for_editing(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Les modifications de la structure ont été enregistrées.")
        return redirect("organisations:detail", pk=organisation.pk)
    return _render_form(request, form, f"Modifier « {organisation.name} »", organisation)


def _files_context(user, organisation) -> dict:
    """The organisation's habilitations and files in progress, for those who may read them."""
    if not (user.is_national_admin or can_start_for(user, organisation)):
        return {"dossiers": None}
    dossiers = organisation.dossiers.select_related("post", "departement").prefetch_related("opinions")
    return {
        "dossiers": [dossier for dossier in dossiers if dossier.status in OPEN_STATUSES],
        "valid_habilitations": [dossier for dossier in dossiers if dossier.is_valid_habilitation],
        "can_apply": can_start_for(user, organisation),
    }


def _render_form(request, form, title, organisation=None):
    breadcrumb = [("Structures d'accueil", reverse("organisations:list"))]
    if organisation:
        breadcrumb.append((organisation.name, reverse("organisations:detail", args=[organisation.pk])))
    breadcrumb.append((title, None))
    context = {"form": form, "title": title, "organisation": organisation, "breadcrumb": breadcrumb}
    return render_form(request, "organisations/form.html", context)
