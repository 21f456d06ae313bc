"""Every refusal of the API as JSON, in French: {"erreur": message, "code": code}, and for bad
parameters "champs": {parameter: [messages]}. The status says the kind (400, 401, 403, 404,
405, 406, 429)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

MESSAGES = {
    exceptions.NotAuthenticated: "Cette adresse demande une clé d'API : en-tête « Authorization: Bearer <clé> ».",
    exceptions.NotFound: "Cette ressource n'existe pas, ou votre compte ne peut pas la voir.",
    exceptions.MethodNotAllowed: "Cette méthode n'est pas permise : l'API se lit seulement (GET).",
    exceptions.NotAcceptable: "L'API répond en JSON seulement.",
    exceptions.UnsupportedMediaType: "L'API ne reçoit pas de contenu.",
}


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if not isinstance(exc, exceptions.APIException):
        return None  # a defect: Django's own error handling, and the error log
    body: dict[str, Any] = {"code": exc.default_code if not hasattr(exc, "get_codes") else _code(exc)}
    if isinstance(exc, exceptions.ValidationError):
        body["erreur"] = "Paramètres invalides."
        body["champs"] = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
    elif isinstance(exc, exceptions.Throttled):
        body["erreur"] = f"Trop de requêtes : réessayez dans {getattr(exc, 'wait', None) or 60:.0f} secondes."
    else:
        given = str(exc.detail)
        if type(exc) in MESSAGES and (given == str(exc.default_detail) or type(exc) is not exceptions.NotFound):
            given = MESSAGES[type(exc)]
        body["erreur"] = given
    headers = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(int(wait))
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """An address under /api/ that names nothing."""
    return JsonResponse(
        {"code": "not_found", "erreur": "Cette adresse n'existe pas dans l'API. La documentation : /api/."},
        status=status.HTTP_404_NOT_FOUND,
    )
