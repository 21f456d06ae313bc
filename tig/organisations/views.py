from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tig.accounts.models import Invitation, User, hash_token
from tig.accounts.typing import AuthenticatedRequest
from tig.audit.recording import record_read
from tig.core.exceptions import Refused
from tig.core.shortcuts import render_form
from tig.organisations import perms, sections, services
from tig.organisations.enums import LegalType
from tig.organisations.forms import MemberInvitationForm, MembershipRoleForm, OrganisationForm, SignUpForm
from tig.organisations.models import MembershipInvitation, MembershipProposal, Organisation, SignUp

PAGE_SIZE = 30


def get_organisation_for_reading(request: AuthenticatedRequest, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user).select_related("commune"), pk=pk)


def get_organisation_for_editing(request: AuthenticatedRequest, pk: int) -> Organisation:
    organisation = get_organisation_for_reading(request, pk)
    if not perms.can_edit_organisation(request.user, organisation):
        raise PermissionDenied("Vous pouvez consulter cette structure, mais pas la modifier.")
    return organisation


@login_required
@require_GET
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not perms.can_list_organisations(user):
        raise PermissionDenied("La liste des structures est réservée aux référents territoriaux et à l'ATIGIP.")
    if user.is_host_staff and len(user.organisation_roles) == 1:
        return redirect("organisations:detail", pk=next(iter(user.organisation_roles)))
    organisations = Organisation.objects.listed_for(user)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(siret__startswith=query.replace(" ", "")))
    # The page first — its thirty ids in the list's order, read from the index on the name —
    # then those thirty organisations with their commune, and the columns the apps above
    # contribute for them (counting posts for all the organisations before keeping thirty
    # took 300 ms at 100,000 posts).
    page = Paginator(organisations.order_by("name", "id").values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    shown = Organisation.objects.select_related("commune").in_bulk(ids)
    headers, values = sections.list_columns(user, ids)
    page.object_list = [(shown[pk], values[pk]) for pk in ids]
    context = {
        "page": page,
        "query": query,
        "headers": headers,
        "can_create": perms.can_create_organisation(user),
        "breadcrumb": [("Structures d'accueil", None)],
    }
    return render(request, "organisations/list.html", context)


@login_required
@require_GET
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_reading(request, pk)
    record_read(request.user, organisation)
    context = {
        "organisation": organisation,
        "can_edit": perms.can_edit_organisation(request.user, organisation),
        "sections": sections.page_sections(request, organisation),
        "can_manage_members": perms.can_manage_members(request.user, organisation),
        "breadcrumb": [("Structures d'accueil", reverse("organisations:list")), (organisation.name, None)],
    }
    return render(request, "organisations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedRequest) -> HttpResponse:
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
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_editing(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Les modifications de la structure ont été enregistrées.")
        return redirect("organisations:detail", pk=organisation.pk)
    return _render_form(request, form, f"Modifier « {organisation.name} »", organisation)


def _render_form(request: AuthenticatedRequest, form, title, organisation=None) -> HttpResponse:
    breadcrumb: list[tuple[str, str | None]] = [("Structures d'accueil", reverse("organisations:list"))]
    if organisation:
        breadcrumb.append((organisation.name, reverse("organisations:detail", args=[organisation.pk])))
    breadcrumb.append((title, None))
    context = {"form": form, "title": title, "organisation": organisation, "breadcrumb": breadcrumb}
    return render_form(request, "organisations/form.html", context)


# Sign-up: an organisation registers itself with its first administrator.


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        messages.info(request, "Vous êtes connecté : déconnectez-vous pour inscrire une autre structure.")
        return redirect("pages:home")
    form = SignUpForm(request.POST if request.method == "POST" else None, initial=_signup_initial(request))
    if request.method == "POST" and form.is_valid():
        services.request_signup(form)
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("organisations:signup_sent")
    context = {
        "form": form,
        "validity_hours": settings.SIGNUP_VALIDITY_HOURS,
        "breadcrumb": [("Inscrire une structure", None)],
    }
    return render_form(request, "organisations/signup.html", context)


# A link may fill in the organisation's part (a referent's invitation: tig/prospecting).
SIGNUP_PREFILL = {"nom": "name", "statut": "legal_type", "siret": "siret", "adresse": "address", "commune": "commune"}


def _signup_initial(request: HttpRequest) -> dict[str, str]:
    initial = {
        field: request.GET.get(name, "")[:200] for name, field in SIGNUP_PREFILL.items() if request.GET.get(name)
    }
    if initial.get("legal_type") not in LegalType.values:
        initial.pop("legal_type", None)
    return initial


@require_GET
def signup_sent(request: HttpRequest) -> HttpResponse:
    context = {"email": request.session.get("signup_email"), "breadcrumb": [("Inscrire une structure", None)]}
    return render(request, "organisations/signup_sent.html", context)


@require_http_methods(["GET", "POST"])
def confirm_signup(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the e-mail: a page with a button (a mail scanner following the link
    confirms nothing), whose POST creates the organisation and signs its administrator in."""
    signup = SignUp.objects.select_related("commune").filter(token_hash=hash_token(token)).first()
    if signup is None or signup.is_expired:
        return render(request, "organisations/signup_unusable.html", status=410)
    if request.user.is_authenticated:
        messages.info(request, "Déconnectez-vous avant de confirmer l'inscription d'une structure.")
        return redirect("pages:home")
    if request.method == "POST":
        try:
            organisation, user = services.confirm_signup(signup.pk)
        except Refused as error:
            return render(request, "organisations/signup_unusable.html", {"reason": str(error)}, status=410)
        login(request, user, backend="tig.accounts.backends.EmailBackend")
        messages.success(request, f"Bienvenue : l'espace de « {organisation.name} » est créé.")
        return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/signup_confirm.html", {"signup": signup})


# Members, managed by the organisation's administrators, its referents and the agency.


def get_organisation_for_members(request: AuthenticatedRequest, pk: int) -> Organisation:
    organisation = get_organisation_for_reading(request, pk)
    if not perms.can_manage_members(request.user, organisation):
        raise PermissionDenied("Seuls les administrateurs de la structure gèrent ses membres.")
    return organisation


@login_required
@require_GET
def members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_members(request, pk)
    record_read(request.user, organisation, "membres")
    memberships = organisation.memberships.select_related("user").order_by("role", "user__last_name", "pk")
    context = {
        "organisation": organisation,
        "memberships": [(membership, _role_form(membership)) for membership in memberships],
        "invitations": MembershipInvitation.objects.filter(
            organisation=organisation, invitation__in=Invitation.objects.pending()
        )
        .select_related("invitation")
        .order_by("invitation__email"),
        "proposals": organisation.proposals.pending().select_related("user").order_by("user__email"),
        "breadcrumb": _members_breadcrumb(organisation),
    }
    return render(request, "organisations/members.html", context)


def _role_form(membership) -> MembershipRoleForm:
    form = MembershipRoleForm(initial={"role": membership.role}, prefix=f"m{membership.pk}")
    form.fields["role"].label = f"Rôle de {membership.user.get_full_name()}"
    return form


def _members_breadcrumb(organisation: Organisation, *last):
    return [
        ("Structures d'accueil", reverse("organisations:list")),
        (organisation.name, reverse("organisations:detail", args=[organisation.pk])),
        ("Membres", reverse("organisations:members", args=[organisation.pk]) if last else None),
        *last,
    ]


@login_required
@require_http_methods(["GET", "POST"])
def invite_member(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_members(request, pk)
    form = MemberInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(request.user, organisation, form.cleaned_data)
        except Refused as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"Une invitation a été envoyée à {form.cleaned_data['email']}.")
            return redirect("organisations:members", pk=organisation.pk)
    context = {
        "form": form,
        "organisation": organisation,
        "breadcrumb": _members_breadcrumb(organisation, ("Ajouter un membre", None)),
    }
    return render_form(request, "organisations/invite_member.html", context)


@login_required
@require_http_methods(["POST"])
def change_member_role(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = get_organisation_for_members(request, pk)
    form = MembershipRoleForm(request.POST, prefix=f"m{membership_pk}")
    if not form.is_valid():
        messages.error(request, "Choisissez un rôle de la liste.")
        return redirect("organisations:members", pk=organisation.pk)
    try:
        membership = services.change_role(request.user, organisation, membership_pk, form.cleaned_data["role"])
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{membership.user.get_full_name()} est désormais {membership.get_role_display().lower()}."
        )
    return _after_membership_change(request, organisation)


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes."""
    organisation = get_organisation_for_members(request, pk)
    if request.method == "GET":
        membership = get_object_or_404(organisation.memberships.select_related("user"), pk=membership_pk)
        context = {
            "organisation": organisation,
            "membership": membership,
            "breadcrumb": _members_breadcrumb(organisation, ("Retirer un membre", None)),
        }
        return render(request, "organisations/remove_member.html", context)
    try:
        membership = services.remove_member(request.user, organisation, membership_pk)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.user.get_full_name()} n'est plus membre de la structure.")
    return _after_membership_change(request, organisation)


def _after_membership_change(request: AuthenticatedRequest, organisation: Organisation) -> HttpResponse:
    # The user as they now are: who gave up their own administration no longer sees the members.
    user = User.objects.get(pk=request.user.pk)
    if perms.can_manage_members(user, organisation):
        return redirect("organisations:members", pk=organisation.pk)
    if organisation.pk in user.organisation_roles:
        return redirect("organisations:detail", pk=organisation.pk)
    return redirect("pages:home")


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An invitation to join an organisation, for the account it is addressed to (404 for anyone else)."""
    offer = get_object_or_404(
        MembershipProposal.objects.select_related("organisation__commune", "created_by"), pk=pk, user=request.user
    )
    if request.method == "POST":
        accept = request.POST.get("reponse") == "accepter"
        try:
            services.answer_proposal(request.user, offer.pk, accept=accept)
        except Refused as error:
            messages.error(request, str(error))
            return redirect("organisations:proposal", pk=offer.pk)
        if accept:
            messages.success(request, f"Vous avez désormais accès à {offer.organisation.name}.")
            return redirect("organisations:detail", pk=offer.organisation_id)
        messages.info(request, f"Vous avez refusé de rejoindre {offer.organisation.name}.")
        return redirect("pages:home")
    context = {
        "offer": offer,
        "is_open": offer.answered_at is None and offer.expires_at > timezone.now(),
        "breadcrumb": [("Invitation à rejoindre une structure", None)],
    }
    return render(request, "organisations/proposal.html", context)
