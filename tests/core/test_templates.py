"""The templates compare no enumeration's raw value (they ask the model: `post.is_registered`,
`measure.is_completed`), and every one-button form goes through includes/post_button.html."""

import importlib
import re
from pathlib import Path

from django.conf import settings
from django.db import models

TEMPLATES = [settings.BASE_DIR / "templates", *sorted((settings.BASE_DIR / "tig").glob("*/templates"))]
COMPARISON = re.compile(r"""(?:==|!=|\bin)\s*(?:\(\s*)?["']([a-z0-9_]+)["']""")


def enum_values() -> set[str]:
    values = set()
    for module_path in sorted((settings.BASE_DIR / "tig").glob("*/enums.py")):
        module = importlib.import_module(f"tig.{module_path.parent.name}.enums")
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, models.Choices) and item.__module__ == module.__name__:
                values.update(str(value) for value in item.values)
    return values


def templates() -> list[Path]:
    return [path for root in TEMPLATES for path in root.rglob("*.html")]


def raw_comparisons(text: str, values: set[str]) -> list[str]:
    return [match.group(0) for match in COMPARISON.finditer(text) if match.group(1) in values]


def test_no_template_compares_an_enumerations_raw_value():
    values = enum_values()
    assert {"registered", "completed", "board_member", "probation_officer"} <= values
    found = {str(path): raw_comparisons(path.read_text(encoding="utf-8"), values) for path in templates()}
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_the_check_sees_a_raw_comparison():
    values = {"registered", "minors"}
    assert raw_comparisons('{% if post.registration == "registered" %}', values)
    assert raw_comparisons("{% if dossier.audience != 'minors' %}", values)
    assert not raw_comparisons('{% if view == "carte" %}', values)


def test_one_button_forms_use_the_include():
    inline = re.compile(
        r"<form method=\"post\" action=\"[^\"]*\">\s*\{% csrf_token %\}\s*<button[^>]*>[^<]*</button>\s*</form>"
    )
    found = [str(path) for path in templates() if inline.search(path.read_text(encoding="utf-8"))]
    assert found == []
