from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tig.posts.forms import SearchForm


@require_GET
def home(request):
    context = {}
    if request.user.is_authenticated:
        context["search_form"] = SearchForm(prefix=None)
    return render(request, "core/home.html", context)


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html", {"breadcrumb": [("Accessibilité", None)]})


@require_GET
def legal(request):
    return render(request, "core/legal.html", {"breadcrumb": [("Mentions légales", None)]})


@require_GET
def personal_data(request):
    context = {
        "signup_validity_hours": settings.SIGNUP_VALIDITY_HOURS,
        "measures_enabled": settings.MEASURES_ENABLED,
        "measures_retention_years": settings.MEASURES_RETENTION_YEARS,
        "breadcrumb": [("Données personnelles", None)],
    }
    return render(request, "core/personal_data.html", context)


@never_cache
@require_GET
def health(request):
    """For the reverse proxy and the monitoring: the application answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
