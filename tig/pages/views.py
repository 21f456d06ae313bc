"""The site's own pages: the home page and the legal pages. At the top of the layers: the
home page offers the search of tig.posts."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from tig.accounts.models import User
from tig.pages import dashboard
from tig.posts.forms import SearchForm
from tig.posts.starting_point import initial_search


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: what the user's role has to do today (tig/pages/dashboard.py), and the search
    one click away, starting at their court's or service's town."""
    context: dict[str, object] = {}
    user = request.user
    if isinstance(user, User) and user.is_partner_coordinator:
        return redirect("partnerships:network")  # its network's figures are all it reads
    if isinstance(user, User):
        context["search_form"] = SearchForm(initial=initial_search(user))
        context["panels"] = dashboard.panels(user)
    return render(request, "pages/home.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html", {"breadcrumb": [("Accessibilité", None)]})


@require_GET
def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/legal.html", {"breadcrumb": [("Mentions légales", None)]})


@require_GET
def personal_data(request: HttpRequest) -> HttpResponse:
    context = {
        "signup_validity_hours": settings.SIGNUP_VALIDITY_HOURS,
        "measures_enabled": settings.MEASURES_ENABLED,
        "measures_retention_years": settings.MEASURES_RETENTION_YEARS,
        "breadcrumb": [("Données personnelles", None)],
    }
    return render(request, "pages/personal_data.html", context)
