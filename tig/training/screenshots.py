"""The screenshots of the starter course (tig/training/starter/*.png): the platform's own pages, as
a tutor of the demonstration sees them. Taken again after a change of those pages, on a site
serving the demonstration data (`make run`), with Debian's Chromium and its French locale (the
package chromium-l10n, for dates shown « jj/mm/aaaa »):

    LANGUAGE=fr .venv/bin/python -m tig.training.screenshots --base-url http://127.0.0.1:8000

They are loaded with the starter course (tig/training/starter.py), each with its text."""

import argparse
import os
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent / "starter"
TUTOR = ("tuteur.dijon@demo.tig.test", "Demo-TIG-2026")

# (file, the part of the page of a person hosted: the hours' form with the sheet of hours, the
# incident's form); the list of the persons hosted is taken first, as the screen shows it.
SHOTS = [
    ("saisie-heures.png", "xpath=//form[contains(@action, '/heures/')]/.."),
    ("signaler-incident.png", "form[action$='/incident/']"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    base = parser.parse_args().base_url.rstrip("/")
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--lang=fr"])
        page = browser.new_page(viewport={"width": 1000, "height": 760}, locale="fr-FR")
        page.goto(f"{base}/connexion/")
        page.get_by_label("Adresse électronique").fill(TUTOR[0])
        page.get_by_label("Mot de passe").fill(TUTOR[1])
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/")
        page.goto(f"{base}/mesures/accueil/")
        page.screenshot(path=str(HERE / "personnes-accueillies.png"))
        page.locator("main table a").first.click()
        for name, part in SHOTS:
            page.locator(part).screenshot(path=str(HERE / name))
            print(HERE / name)
        browser.close()


if __name__ == "__main__":
    main()
