from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from tig.accounts.typing import AuthenticatedRequest
from tig.core.shortcuts import render_form
from tig.notifications.forms import PreferencesForm
from tig.notifications.models import MutedKind, Notification
from tig.notifications.perms import optional_kinds

PAGE_SIZE = 30


@login_required
@require_http_methods(["GET"])
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "breadcrumb": [("Notifications", None)]}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def open_notification(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark one's own notification read and follow its link."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect(url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    count = Notification.objects.filter(user=request.user).unread().update(read_at=timezone.now())
    messages.success(request, f"Notifications marquées comme lues : {count}.")
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    muted = set(MutedKind.objects.filter(user=request.user).values_list("kind", flat=True))
    offered = optional_kinds(request.user)
    initial = {"received": [kind for kind in offered if kind not in muted]}
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial=initial, kinds=offered)
    if request.method == "POST" and form.is_valid():
        received = set(form.cleaned_data["received"])
        with transaction.atomic():
            MutedKind.objects.filter(user=request.user).delete()
            MutedKind.objects.bulk_create(
                MutedKind(user=request.user, kind=kind) for kind in offered if kind not in received
            )
        messages.success(request, "Vos préférences de notification ont été enregistrées.")
        return redirect("notifications:list")
    breadcrumb = [("Notifications", "/notifications/"), ("Préférences", None)]
    return render_form(request, "notifications/preferences.html", {"form": form, "breadcrumb": breadcrumb})
