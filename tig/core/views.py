from django.core.exceptions import BadRequest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tig.core.middleware import api_error, is_api


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For the reverse proxy and the monitoring: the application answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, with the reason when the refusal gave one in French (core.params)."""
    message = str(exception) if isinstance(exception, BadRequest) else ""
    if is_api(request):
        return api_error(message or "Requête invalide.", "invalid", 400)
    return render(request, "400.html", {"reason": message}, status=400)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico of every site, whatever the page declares: the DSFR's icon."""
    return redirect(static("dsfr/dist/favicon/favicon.ico"), permanent=True)
