from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tig.audit.forms import AuditFilterForm
from tig.audit.models import AuditEntry

PAGE_SIZE = 50


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first: national admins only."""
    if not getattr(request.user, "is_national_admin", False):  # audit is below accounts: no User type here
        raise PermissionDenied("Le journal des opérations est réservé à l'administration nationale.")
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "breadcrumb": [("Journal des opérations", None)]},
    )
