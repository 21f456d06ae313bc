from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tig.territories.models import Commune


@login_required
@require_GET
def autocomplete(request):
    """Suggestions for a commune field, as <option>s of a <datalist> (HTMX swaps them in)."""
    query = request.GET.get("lieu") or request.GET.get("commune") or request.GET.get("q") or ""
    communes = Commune.objects.matching(query[:100]) if len(query.strip()) >= 2 else []
    return render(request, "territories/_suggestions.html", {"communes": communes})
