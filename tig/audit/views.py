from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tig.audit.enums import Operation
from tig.audit.forms import AuditFilterForm
from tig.audit.models import AuditEntry, object_type_label
from tig.audit.recording import acting_as, record_bulk
from tig.core.exports import csv_response

PAGE_SIZE = 50
EXPORT_HEADER = ["Date et heure", "Auteur", "Nature", "Type d'objet", "Identifiant", "Objet", "Champs modifiés"]


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    """The log as the filters ask; national admins only (audit is below accounts: no User type here)."""
    if not getattr(request.user, "is_national_admin", False):
        raise PermissionDenied("Le journal des opérations est réservé à l'administration nationale.")
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_bound and form.is_valid():
        entries = form.filter(entries)
    return form, entries.order_by("-at", "-id")


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first."""
    form, entries = _filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "breadcrumb": [("Journal des opérations", None)]}
    return render(request, "audit/list.html", context)


@login_required
@require_GET
def entry_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The entries the filters select, all of them, as CSV; the export is itself logged."""
    form, entries = _filtered(request)
    if form.is_bound and form.errors:
        return entry_list(request)
    with acting_as(request.user):
        record_bulk(Operation.READ, "export du journal des opérations", {"entrées": entries.count()})
    local = timezone.localtime
    labels = dict(Operation.choices)
    rows = (
        (
            f"{local(entry.at):%d/%m/%Y %H:%M:%S}",
            entry.actor_label,
            labels.get(entry.operation, entry.operation),
            object_type_label(entry.object_type),
            entry.object_id,
            entry.object_repr,
            ", ".join(entry.changes),
        )
        for entry in entries.iterator(chunk_size=2000)
    )
    return csv_response(f"journal-{timezone.localdate():%Y-%m-%d}.csv", EXPORT_HEADER, rows)
