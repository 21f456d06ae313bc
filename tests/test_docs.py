"""docs/regles.md stays true to the code: every test it cites exists, every place of the code
it names can be imported."""

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = (ROOT / "docs" / "regles.md").read_text(encoding="utf-8")
APPS = {path.name for path in (ROOT / "tig").iterdir() if (path / "apps.py").exists()}


def cited_tests() -> list[str]:
    """In the order of the text: a citation « ::name » is of the file cited last."""
    return [cited for cited in re.findall(r"`((?:tests/[\w/]+\.py)?(?:::[\w:]+)?)`", RULES) if cited]


def test_every_cited_test_exists():
    missing = []
    last_file = None
    for citation in cited_tests():
        path, _, names = citation.partition("::")
        if path:
            last_file = ROOT / path
        if not last_file.exists():
            missing.append(citation)
            continue
        source = last_file.read_text(encoding="utf-8")
        for name in filter(None, names.split("::")):
            if not re.search(rf"(def|class) {re.escape(name)}\b", source):
                missing.append(f"{last_file.relative_to(ROOT)}::{name}")
    assert cited_tests() and missing == []


def test_every_named_place_of_the_code_exists():
    missing = []
    for dotted in re.findall(r"`([a-z_]+(?:\.[A-Za-z_]+)+)`", RULES):
        app, *rest = dotted.split(".")
        if app not in APPS:
            continue
        module = importlib.import_module(f"tig.{app}.{rest[0]}")
        target = module
        for attribute in rest[1:]:
            target = getattr(target, attribute, None)
            if target is None:
                missing.append(dotted)
                break
    assert missing == []
