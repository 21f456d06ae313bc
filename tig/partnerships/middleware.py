"""A partner's coordinator reads its network's figures and nothing else (docs/regles.md, P11):
besides its own account, its notifications and the public pages, every page of the platform
answers it 404, whatever that page's own checks would say. One place, so that a page added later
cannot forget it."""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

# The URL namespaces a coordinator may open (the API answers keys only, which it cannot hold).
# The training's own pages answer 404 to whoever does not follow it; its verification page is public.
OPEN_TO_COORDINATORS = frozenset(
    {"partnerships", "accounts", "notifications", "pages", "core", "opendata", "api", "training"}
)


class ConfinePartnerCoordinators:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_partner_coordinator", False):
            return None
        match = request.resolver_match
        if match is None or match.app_name not in OPEN_TO_COORDINATORS:
            raise Http404("Page introuvable.")
        return None
