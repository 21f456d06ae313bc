from django.http import HttpRequest

from tig.audit.recording import acting_as_lazy


def audit_actor(get_response):
    """Attribute what a request records in the audit log to the request's user."""

    def middleware(request: HttpRequest):
        with acting_as_lazy(lambda: getattr(request, "user", None)):
            return get_response(request)

    return middleware
