"""Types for the code above the accounts app."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from tig.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is an account, never anonymous."""

    user: User
    htmx: HtmxDetails
