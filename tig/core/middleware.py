from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect

GetResponse = Callable[[HttpRequest], HttpResponseBase]


def csp_nonce_for_templates(get_response: GetResponse) -> GetResponse:
    """Expose Django's CSP nonce as request.csp_nonce, where django-dsfr's base template
    reads it. Evaluating it here makes the middleware put it in the CSP header."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        request.csp_nonce = str(request._csp_nonce)  # type: ignore[attr-defined]  # Django's CSP sets it
        return get_response(request)

    return middleware


def is_api(request: HttpRequest) -> bool:
    """A request to the API (tig.api), which answers in JSON, errors included."""
    return request.path.startswith(settings.API_PATH_PREFIX)


def api_error(message: str, code: str, status: int) -> JsonResponse:
    """An error in the API's shape (tig.api.errors), for the refusals made before its views."""
    return JsonResponse({"code": code, "erreur": message}, status=status)


def reject_nul_bytes(get_response: GetResponse) -> GetResponse:
    """A NUL byte has no use in any field, and PostgreSQL refuses it in text: such a request
    gets the « requête invalide » page rather than reaching a query. A cookie that carries one
    is dropped (a session key with a NUL would reach the sessions table): placed before the
    session middleware."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        for name in [name for name, value in request.COOKIES.items() if "\x00" in name or "\x00" in value]:
            del request.COOKIES[name]
        for data in (request.GET, request.POST):
            if any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()):
                if is_api(request):
                    return api_error("La requête contient un caractère nul : elle est refusée.", "invalid", 400)
                return render(request, "400.html", status=400)
        return get_response(request)

    return middleware


def htmx_login_redirect(get_response: GetResponse) -> GetResponse:
    """An HTMX request whose session has expired must not swap the login page into a part
    of the page: the browser is sent to the login page instead."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        login_url = resolve_url(settings.LOGIN_URL)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and response["Location"].startswith(login_url)
        ):
            return HttpResponseClientRedirect(response["Location"])
        return response

    return middleware
