"""The apps import downward only (docs/architecture.md, « Les couches ») : an app may import
the apps of the layers below its own, never one above nor one beside it. Their models point
downward too (the user model excepted: every layer may name who did what)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

TIG = Path(__file__).resolve().parent.parent / "tig"

# From the ground floor up; the apps of one layer do not import each other. A new app is
# added here (the test fails on an app it does not know).
LAYERS = [
    {"core"},
    {"audit"},
    {"territories"},
    {"accounts"},
    {"notifications"},
    {"organisations"},
    {"posts"},
    {"habilitations"},
    {"measures"},
    {"collective"},
    {"training"},
    {"stats"},
    {"prospecting"},
    {"partnerships"},
    {"network"},
    {"api"},
    {"pages", "demo"},
]
LEVEL = {app: level for level, layer in enumerate(LAYERS) for app in layer}


def imported_apps(source: str, own_app: str) -> set[str]:
    """The other tig apps a module's source imports (anywhere in it, functions included)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "tig" and len(parts) > 1 and parts[1] != own_app:
                found.add(parts[1])
    return found


def violations(app: str, imported: set[str]) -> list[str]:
    """What app imports against the order of the layers."""
    wrong = []
    for other in sorted(imported):
        if other not in LEVEL:
            wrong.append(f"{other} (app absente des couches)")
        elif LEVEL[other] >= LEVEL[app]:
            wrong.append(other)
    return wrong


def modules():
    for path in sorted(TIG.rglob("*.py")):
        yield path, path.relative_to(TIG).parts[0]


def test_every_app_has_its_layer():
    on_disk = {path.name for path in TIG.iterdir() if (path / "apps.py").exists()}
    assert on_disk == set(LEVEL)


def test_apps_import_downward_only():
    wrong = {}
    for path, app in modules():
        found = violations(app, imported_apps(path.read_text(encoding="utf-8"), app))
        if found:
            wrong[str(path.relative_to(TIG))] = found
    assert wrong == {}


def test_models_point_downward_only():
    wrong = []
    for model in apps.get_models():
        app = model._meta.app_config.name.removeprefix("tig.")
        if app not in LEVEL:
            continue
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete) or field.auto_created:
                continue
            target = field.related_model
            if target._meta.label == settings.AUTH_USER_MODEL or not target._meta.app_config.name.startswith("tig."):
                continue
            other = target._meta.app_config.name.removeprefix("tig.")
            if other != app and LEVEL[other] >= LEVEL[app]:
                wrong.append(f"{model._meta.label}.{field.name} → {target._meta.label}")
    assert wrong == []


@pytest.mark.parametrize(
    ("app", "source", "expected"),
    [
        ("accounts", "from tig.organisations.models import Membership", ["organisations"]),
        ("posts", "def f():\n    import tig.measures.models", ["measures"]),
        ("pages", "from tig import demo", ["demo"]),
        ("core", "from tig.worksites import sheets", ["worksites (app absente des couches)"]),
        ("measures", "from tig.posts.models import Post\nfrom tig.core.pdf import letter", []),
        ("posts", "from .models import Post", []),
    ],
)
def test_the_check_sees_an_import_against_the_order(app, source, expected):
    assert violations(app, imported_apps(source, app)) == expected
