from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tig.accounts import services
from tig.accounts.forms import (
    AcceptInvitationForm,
    DsfrSetPasswordForm,
    InvitationForm,
    LoginForm,
    ProfileForm,
    TaskPasswordResetForm,
)
from tig.accounts.models import Invitation, User, hash_token
from tig.accounts.perms import can_manage_invitations
from tig.accounts.tasks import send_invitation
from tig.accounts.typing import AuthenticatedRequest
from tig.audit.enums import Operation
from tig.audit.recording import acting_as, record_bulk
from tig.core.exceptions import Refused
from tig.core.shortcuts import render_form


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = TaskPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = DsfrSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.visible_fields():
            field.field.widget.attrs.setdefault("class", "fr-input")
        return form

    def form_valid(self, form):
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Vos informations ont été enregistrées.")
        return redirect("accounts:profile")
    context = {
        "form": form,
        "memberships": request.user.memberships.select_related("organisation") if request.user.is_host_staff else [],
        "breadcrumb": [("Mon compte", None)],
    }
    return render(request, "accounts/profile.html", context)


def _check_can_invite(user: User) -> None:
    if not can_manage_invitations(user):
        raise PermissionDenied("Les invitations sont réservées aux référents territoriaux et à l'ATIGIP.")


@login_required
@require_GET
def invitations(request: AuthenticatedRequest) -> HttpResponse:
    _check_can_invite(request.user)
    sent = Invitation.objects.select_related("service", "membership_offer__organisation")
    if not request.user.is_national_admin:
        sent = sent.filter(created_by=request.user)
    page = Paginator(sent.order_by("-created_at"), 30).get_page(request.GET.get("page"))
    if page.object_list:  # names and addresses of people: one entry for the list shown
        with acting_as(request.user):
            record_bulk(Operation.READ, "liste des invitations", {"invitations": len(page.object_list)})
    context = {"page": page, "now": timezone.now(), "breadcrumb": [("Invitations", None)]}
    return render(request, "accounts/invitations.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedRequest) -> HttpResponse:
    _check_can_invite(request.user)
    form = InvitationForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.send(form.invitation(), form.cleaned_data["departements"])
        except Refused as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"L'invitation a été envoyée à {invitation.email}.")
            return redirect("accounts:invitations")
    context = {
        "form": form,
        "breadcrumb": [("Invitations", reverse("accounts:invitations")), ("Nouvelle invitation", None)],
    }
    return render_form(request, "accounts/invite.html", context)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, token_hash=hash_token(token))
    if not invitation.is_usable:
        return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
    if request.user.is_authenticated:
        messages.info(request, "Déconnectez-vous avant d'accepter une invitation pour un autre compte.")
        return redirect("pages:home")
    form = AcceptInvitationForm(
        request.POST or None,
        invitation=invitation,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept(invitation, form.cleaned_data)
        except Refused:
            return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
        login(request, user, backend="tig.accounts.backends.EmailBackend")
        messages.success(request, "Bienvenue sur la plateforme TIG : votre compte est créé.")
        return redirect("pages:home")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


@login_required
@require_http_methods(["POST"])
def resend_invitation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new link (and a new validity) for an invitation that was not accepted."""
    _check_can_invite(request.user)
    sent = Invitation.objects.filter(accepted_at__isnull=True)
    if not request.user.is_national_admin:
        sent = sent.filter(created_by=request.user)
    invitation = get_object_or_404(sent, pk=pk)
    send_invitation.enqueue(invitation.pk)
    messages.success(request, f"Une nouvelle invitation a été envoyée à {invitation.email}.")
    return redirect("accounts:invitations")
