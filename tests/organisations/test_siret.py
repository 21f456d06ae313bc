import pytest
from django.core.exceptions import ValidationError

from tig.organisations.validators import validate_siret


@pytest.mark.parametrize("siret", ["21210231300013", "73282932000074", "356 000 000 00048", "35600000049837"])
def test_valid_sirets(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("21210231300014", "la clé de contrôle ne correspond pas"),
        ("7328293200007", "14 chiffres"),
        ("732829320000745", "14 chiffres"),
        ("7328293200007A", "14 chiffres"),
        ("", "14 chiffres"),
    ],
)
def test_invalid_sirets(siret, message):
    with pytest.raises(ValidationError, match=message):
        validate_siret(siret)
