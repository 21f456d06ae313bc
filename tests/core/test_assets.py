"""The design system's stylesheet, cut to what the pages use (tig/core/assets.py)."""

import posixpath
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tig.core import assets

DSFR_CLASS_RULE = re.compile(r"\.(fr-[a-z0-9_-]+)")


@pytest.fixture(scope="module")
def used():
    return assets.used_classes()


@pytest.fixture(scope="module")
def stylesheet(used):
    return assets.assemble(used)


def full_dsfr() -> str:
    return Path(finders.find("dsfr/dist/dsfr/dsfr.main.min.css")).read_text(encoding="utf-8") + Path(
        finders.find("dsfr/dist/utility/utility.main.min.css")
    ).read_text(encoding="utf-8")


def test_every_dsfr_class_the_pages_use_is_styled_as_the_whole_dsfr_would(used, stylesheet):
    styled_by_dsfr = set(DSFR_CLASS_RULE.findall(full_dsfr()))
    styled_here = set(DSFR_CLASS_RULE.findall(stylesheet))
    missing = sorted(name for name in used if name in styled_by_dsfr and name not in styled_here)
    assert not missing, f"composants ou utilitaires à ajouter à DSFR_COMPONENTS : {missing}"


def test_only_the_icons_and_spacings_in_use_are_shipped(used, stylesheet):
    assert "fr-icon-search-line" in used and ".fr-icon-search-line:before" in stylesheet
    assert "fr-mt-4w" in used and re.search(r"\.fr-mt-4w[,{]", stylesheet)
    # Among the DSFR's 1,500 icons and 700 spacing rules, unused ones are left out.
    assert "fr-icon-zoom-in-line" not in used and "fr-icon-zoom-in-line" not in stylesheet
    assert "fr-mt-md-15v" not in used and "fr-mt-md-15v" not in stylesheet
    # The whole stylesheet is well under the DSFR's and its icons' (1.2 MB).
    assert len(stylesheet) < 500_000


def test_an_icon_named_in_a_template_is_added(used, tmp_path, settings):
    template = tmp_path / "templates"
    template.mkdir()
    (template / "page.html").write_text('<a class="fr-btn fr-icon-zoom-in-line">Agrandir</a>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template]}]
    assert "fr-icon-zoom-in-line" in assets.used_classes()
    assert ".fr-icon-zoom-in-line:before" in assets.assemble(assets.used_classes())


def test_no_template_builds_an_icon_or_spacing_class_that_the_scan_would_miss():
    dynamic = re.compile(r"\bfr-(?:icon-|[mp][trblxy]?-)[a-z0-9-]*\{[{%]")
    found = [
        f"{path}: {match.group(0)}"
        for root in assets._template_dirs()
        for path in root.rglob("*.html")
        for match in dynamic.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found


def test_every_file_the_stylesheet_refers_to_exists(stylesheet):
    urls = {url for _quote, url in assets.URL.findall(stylesheet) if not url.startswith("data:")}
    assert any("fonts/Marianne-Regular.woff2" in url for url in urls)
    base = posixpath.dirname(assets.STYLESHEET)
    missing = [url for url in urls if finders.find(posixpath.normpath(posixpath.join(base, url))) is None]
    assert not missing
