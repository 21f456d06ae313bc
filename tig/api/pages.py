"""The site's pages of the API: the documentation, read from the OpenAPI schema, and each
account's keys."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from drf_spectacular.generators import SchemaGenerator

from tig.accounts.typing import AuthenticatedRequest
from tig.api import perms, services
from tig.api.forms import KeyForm
from tig.api.models import ApiToken
from tig.core.exceptions import Refused
from tig.core.params import id_param

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of the schema, with its parameters and its answers, in the schema's order."""
    found = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                found.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "anchor": operation["operationId"],
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "tag": (operation.get("tags") or [""])[0],
                        "key_needed": {} not in operation.get("security", [{}]),
                        "parameters": [
                            {
                                "name": parameter["name"],
                                "where": "chemin" if parameter["in"] == "path" else "requête",
                                "type": _type(parameter.get("schema", {})),
                                "required": parameter.get("required", False),
                                "description": parameter.get("description", ""),
                            }
                            for parameter in operation.get("parameters", [])
                        ],
                        "responses": [
                            (status, answer.get("description", "")) for status, answer in operation["responses"].items()
                        ],
                    }
                )
    return found


def _type(schema: dict[str, Any]) -> str:
    if schema.get("type") == "array":
        return f"liste de {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"] if value not in ("", None))
    kind = str(schema.get("type", ""))
    return {"integer": "entier", "string": "texte", "boolean": "booléen", "number": "nombre"}.get(kind, kind)


@require_GET
def documentation(request: HttpRequest) -> HttpResponse:
    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    context = {
        "info": schema["info"],
        "operations": _operations(schema),
        "breadcrumb": [("API", None)],
    }
    return render(request, "api/documentation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def keys(request: AuthenticatedRequest) -> HttpResponse:
    if not perms.can_hold_keys(request.user):
        raise PermissionDenied("Votre compte ne peut pas avoir de clé d'API.")
    form = KeyForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.create_key(request.user, form.cleaned_data["name"], form.cleaned_data["days"])
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            created = {"token": token, "key": key}
            form = KeyForm()
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.filter(user=request.user),
        "breadcrumb": [("Mon compte", "/compte/"), ("Clés d'API", None)],
    }
    response = render(request, "api/keys.html", context)
    if created:
        response["Cache-Control"] = "no-store"  # the key is on this page only
    return response


@login_required
@require_POST
def revoke(request: AuthenticatedRequest) -> HttpResponse:
    pk = id_param(request.POST, "cle")
    try:
        token = services.revoke_key(request.user, pk or 0)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"La clé « {token.name} » est révoquée : elle ne donne plus accès à l'API.")
    return redirect("api:keys")
