"""The design system's stylesheet, cut to what the platform's pages use.

django-dsfr ships the DSFR whole: dsfr.min.css (90 KB compressed) and a utility stylesheet of
60 KB for some 1,500 icons, of which the pages use about twenty. The DSFR also ships each part
on its own — its core, its dark scheme, one stylesheet per component, one rule per icon — so
css/dsfr-tig.css is assembled from the parts in the package: the core (of its spacing
utilities, those in use), the dark scheme, the components of DSFR_COMPONENTS and the rules
of the icons that the templates and the code name. Nothing is copied into the repository: a
staticfiles finder builds the file from the installed package, so that collectstatic
(production) and the development server serve it alike. See docs/decisions/0008.
"""

import os
import posixpath
import re
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

STYLESHEET = "css/dsfr-tig.css"
DIST = "dsfr/dist"
# The components whose classes the pages use; tests/core/test_assets.py checks that every
# DSFR class of the templates is styled, and that each component listed is used.
DSFR_COMPONENTS = (
    "accordion",
    "alert",
    "badge",
    "breadcrumb",
    "button",
    "callout",
    "card",
    "checkbox",
    "content",
    "footer",
    "form",
    "header",
    "input",
    "link",
    "logo",
    "modal",
    "navigation",
    "pagination",
    "radio",
    "search",
    "segmented",
    "select",
    "skiplink",
    "stepper",
    "table",
    "tag",
    "tile",
)
DSFR_CLASS = re.compile(r"\bfr-[a-z0-9]+(?:-{1,2}[a-z0-9]+|__[a-z0-9]+)*")
URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# The core's spacing utilities (fr-mt-2w, fr-px-md-3v…): some 700 rules, of which the pages use
# a few dozen. Only those are kept, like the icons.
SPACING = re.compile(r"\.(fr-[mp][trblxy]?(?:-(?:xs|sm|md|lg|xl))?-(?:n?\d+v|\d+w|auto|0))")


def _source(path: str) -> str:
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(f"{path} manque : django-dsfr est-il installé ?")
    return Path(found).read_text(encoding="utf-8")


def _body(text: str) -> str:
    """The CSS without the DSFR's licence banner (kept once, at the top of the file)."""
    return text.split("*/", 1)[1] if text.startswith("/*!") else text


def _rebase(text: str, source: str) -> str:
    """url() references of a file at `source`, made relative to the stylesheet's place."""

    def rebase(match: re.Match) -> str:
        quote, url = match.groups()
        if url.startswith(("data:", "/", "#", "http:", "https:")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), url))
        return f"url({quote}{posixpath.relpath(target, posixpath.dirname(STYLESHEET))}{quote})"

    return URL.sub(rebase, text)


def _template_dirs() -> list[Path]:
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]  # type: ignore[attr-defined]  # a list of dicts
    return dirs + list((settings.BASE_DIR / "tig").glob("*/templates"))


def used_classes() -> set[str]:
    """The DSFR classes named by the templates, the code and the scripts of the platform."""
    roots = [*_template_dirs(), settings.BASE_DIR / "tig", settings.BASE_DIR / "static"]
    names = set()
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in (".html", ".py", ".js") and path.is_file():
                names.update(DSFR_CLASS.findall(path.read_text(encoding="utf-8")))
    return names


def _blocks(css: str):
    """(prelude, body) of each top-level block of a stylesheet; a body may hold blocks."""
    start, depth = 0, 0
    for position, character in enumerate(css):
        if character == "{":
            if depth == 0:
                opening = position
            depth += 1
        elif character == "}":
            depth -= 1
            if depth == 0:
                yield css[start:opening], css[opening + 1 : position]
                start = position + 1


def _filtered(css: str, keep) -> str:
    """The stylesheet without the rules whose selector list `keep` refuses; at-rules are
    filtered inside, and dropped when nothing is left in them."""
    kept = []
    for prelude, body in _blocks(COMMENT.sub("", css)):
        prelude = prelude.strip()
        if prelude.startswith(("@media", "@supports")):
            inner = _filtered(body, keep)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@") or keep(prelude):
            kept.append(f"{prelude}{{{body}}}")
    return "".join(kept)


def _core_rule(used: set[str]):
    def keep(selectors: str) -> bool:
        spacing = [SPACING.fullmatch(selector.strip()) for selector in selectors.split(",")]
        return not all(spacing) or any(match is not None and match.group(1) in used for match in spacing)

    return keep


def _icon_rule(used: set[str]):
    def keep(selectors: str) -> bool:
        return any(selector.strip().split(":", 1)[0].lstrip(".") in used for selector in selectors.split(","))

    return keep


def assemble(used: set[str]) -> str:
    """The stylesheet for the DSFR classes in use."""
    core, scheme = f"{DIST}/core/core.main.min.css", f"{DIST}/scheme/scheme.min.css"
    icons = f"{DIST}/utility/icons/icons.main.min.css"
    components = [f"{DIST}/component/{name}/{name}.main.min.css" for name in DSFR_COMPONENTS]
    text = _source(core)
    banner = text.split("*/", 1)[0] + "*/\n" if text.startswith("/*!") else ""
    css = [banner, _rebase(_filtered(_body(text), _core_rule(used)), core)]
    css += [_rebase(_body(_source(path)), path) for path in (scheme, *components)]
    css.append(_rebase(_filtered(_body(_source(icons)), _icon_rule(used)), icons))
    return "\n".join(css) + "\n"


@cache
def _build(used: frozenset[str]) -> Path:
    directory = Path(settings.ASSETS_ROOT)
    target = directory / STYLESHEET
    content = assemble(set(used))
    if not target.exists() or target.read_text(encoding="utf-8") != content:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written aside then renamed: a server reading it never sees half a file.
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, delete=False) as file:
            file.write(content)
        os.replace(file.name, target)
    return target


@cache
def _built_once() -> Path:
    return _build(frozenset(used_classes()))


def build() -> Path:
    """Write the stylesheet under ASSETS_ROOT. In development, the templates are read again at
    each request of the stylesheet, so that an icon just added is there; elsewhere, once."""
    return _build(frozenset(used_classes())) if settings.DEBUG else _built_once()


class DsfrStylesheetFinder(BaseFinder):
    """Finds css/dsfr-tig.css, built on demand from the installed django-dsfr."""

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False):
        if path != STYLESHEET:
            return [] if find_all else None
        location = str(build())
        return [location] if find_all else location

    def list(self, ignore_patterns):
        build()
        yield STYLESHEET, FileSystemStorage(location=settings.ASSETS_ROOT)
