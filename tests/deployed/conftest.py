"""The site as it is deployed, driven in Chromium: run by `.ci/deployed` (`make deployed`),
which builds and serves the site as docs/deploiement.md says and sets TIG_DEPLOYED_URL.

Without that variable these tests are not collected: `make test` runs the site through
Django's test server, this suite runs it through gunicorn and WhiteNoise with the production
settings and the collected static files."""

import os

import pytest

from tests.browser.conftest import chromium

DEPLOYED_URL = os.environ.get("TIG_DEPLOYED_URL", "")

if not DEPLOYED_URL:
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def deployed_browser():
    yield from chromium()


@pytest.fixture
def visit(deployed_browser):
    """A page in a new browser context (an empty cache), recording what went wrong: script
    errors, console errors, failed requests and error answers."""
    contexts = []

    def make():
        context = deployed_browser.new_context(
            base_url=DEPLOYED_URL, locale="fr-FR", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"erreur de script : {error}"))
        page.on(
            "console",
            lambda message: message.type == "error" and page.problems.append(f"console : {message.text}"),
        )
        # A request the browser itself abandons when the page moves on (the favicon after a
        # quick click) is no failure of the site.
        page.on(
            "requestfailed",
            lambda request: (
                request.failure != "net::ERR_ABORTED"
                and page.problems.append(f"échec : {request.url} {request.failure}")
            ),
        )
        page.on(
            "response",
            lambda response: response.status >= 400 and page.problems.append(f"{response.status} : {response.url}"),
        )
        return page

    yield make
    for context in contexts:
        context.close()
