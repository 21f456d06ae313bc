import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_our_wordings_win_over_the_apps_catalogues():
    """Every wording of locale/fr is the one served (its .mo compiled from its .po), whatever an
    app's catalogue says (Django REST framework's « adresse e-mail »)."""
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', PO.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(pairs) == 4
    with translation.override("fr"):
        assert [translation.gettext(source) for source, _wording in pairs] == [wording for _source, wording in pairs]
