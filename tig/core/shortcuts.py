from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page with context["form"]: answered 400 when a submitted form is refused, so that
    nothing (a browser, a proxy, a test) mistakes a refusal for a success."""
    form = context.get("form")
    refused = form is not None and form.is_bound and bool(form.errors)
    return render(request, template, context, status=400 if refused else 200)
