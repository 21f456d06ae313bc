"""Browser journeys in Debian's Chromium, driven by Playwright (never `playwright install`).

Skipped when Chromium is missing, except when TIG_REQUIRE_BROWSER=1 (CI), where a missing
browser is a failure: the journeys must run.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
REQUIRED = os.environ.get("TIG_REQUIRE_BROWSER") == "1"


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    if chromium_path() or REQUIRED:
        return
    skip = pytest.mark.skip(reason="Chromium est absent (apt-get install chromium) : parcours navigateur non joués")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


def chromium():
    """Debian's Chromium driven by Playwright, for a session's tests (a generator for fixtures)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.fail("Chromium est introuvable (apt-get install chromium)")
    if not AXE.exists():
        pytest.fail("axe-core manque : lancez `npm ci`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser():
    yield from chromium()


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        # Script errors and CSP violations; a 4xx answer the test asked for is not one.
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and "the server responded with a status of 4" not in message.text
                and page.errors.append(message.text)
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def log_in(page, user, password):
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def assert_accessible(page, context: str) -> None:
    """No serious or critical axe violation (WCAG 2.1 A and AA) on the page as it is.

    axe is evaluated through the DevTools protocol, so the page's CSP stays in force. It
    waits for the page to be loaded and the DSFR's script to have started (it marks the root
    with data-fr-js), so that a page half-way through loading after a click is not judged."""
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in violation["nodes"][:3]
        )
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{context} :\n" + "\n".join(serious)
    assert_labels_shown(page, context)


# Buttons and links drawn as DSFR buttons whose text the layout hides: an icon button inside a
# button group without `fr-btns-group--icon-left` loses its label (« Se connecter » on the home
# page showed a padlock alone). Elements not shown (the mobile menu) are not judged.
CLIPPED_BUTTONS = """() => [...document.querySelectorAll('a.fr-btn, button.fr-btn')]
  .filter(e => e.getBoundingClientRect().width > 0 && e.textContent.trim() && !e.title
               && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.trim())"""


def assert_labels_shown(page, context: str) -> None:
    clipped = page.evaluate(CLIPPED_BUTTONS)
    assert not clipped, f"{context} : libellés masqués {clipped}"
