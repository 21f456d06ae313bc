import pytest
from django.core.exceptions import ValidationError

from tig.organisations.validators import normalize_siret, validate_siret


@pytest.mark.parametrize("siret", ["21210231300013", "73282932000074", "356 000 000 00048", "35600000049837"])
def test_valid_sirets_pass_and_any_one_digit_changed_fails(siret):
    """A valid number passes; changing any one of its digits makes the checksum fail, so the
    check is doing the work (a validator that accepted everything would pass the first half)."""
    assert validate_siret(siret) is None
    digits = normalize_siret(siret)
    if digits.startswith("356000000"):
        return  # La Poste's own rule, below: a changed digit may meet the Luhn rule by chance
    for position in range(14):
        changed = digits[:position] + str((int(digits[position]) + 1) % 10) + digits[position + 1 :]
        with pytest.raises(ValidationError):
            validate_siret(changed)


def test_la_poste_numbers_follow_their_own_rule():
    """Of La Poste's numbers, one whose digits sum to a multiple of 5 passes without the Luhn
    key; the same number with its last digit changed meets neither rule."""
    assert validate_siret("35600000049837") is None
    with pytest.raises(ValidationError, match="clé de contrôle"):
        validate_siret("35600000049838")


def test_a_unicode_digit_is_not_a_digit():
    with pytest.raises(ValidationError, match="14 chiffres"):
        validate_siret("²" * 14)


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
