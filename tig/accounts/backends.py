from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from tig.accounts.models import User


class EmailBackend(ModelBackend):
    """Log in by e-mail address, whatever its case."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is not None:
            username = username.strip().lower()
        user: User | None = super().authenticate(request, username=username, password=password, **kwargs)
        return user
