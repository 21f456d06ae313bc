from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tig.territories.models import Commune


@require_GET
def autocomplete(request: HttpRequest) -> HttpResponse:
    """Suggestions for a commune field, as <option>s of a <datalist> (HTMX swaps them in).

    Open without an account: the communes are public reference data, and an organisation
    signing up types its commune before it has one."""
    query = request.GET.get("lieu") or request.GET.get("commune") or request.GET.get("q") or ""
    communes = Commune.objects.matching(query[:100]) if len(query.strip()) >= 2 else []
    return render(request, "territories/_suggestions.html", {"communes": communes})
