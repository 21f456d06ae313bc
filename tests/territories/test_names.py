import pytest

from tig.territories.names import normalize_name


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("st etienne", "saint etienne"),
        ("ST-ÉTIENNE", "saint etienne"),
        ("Ste-Foy-lès-Lyon", "sainte foy les lyon"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Œuilly", "oeuilly"),
        ("  Mâcon  ", "macon"),
        ("Saint--Denis", "saint denis"),
        ("Stenay", "stenay"),  # « st » only as a whole word
    ],
)
def test_normalize_name(typed, expected):
    assert normalize_name(typed) == expected
