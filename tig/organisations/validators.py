from django.core.exceptions import ValidationError

# La Poste's establishments share one SIREN and follow their own rule (INSEE).
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_siret(value: str) -> str:
    return "".join(value.split())


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn checksum is valid; La Poste's establishments, which
    share one SIREN, may instead have a sum of digits that is a multiple of 5."""
    siret = normalize_siret(value)
    if not (siret.isascii() and siret.isdigit()) or len(siret) != 14:
        raise ValidationError("Le numéro SIRET doit comporter 14 chiffres.", code="siret_format")
    valid = luhn_valid(siret)
    if not valid and siret.startswith(LA_POSTE_SIREN):
        valid = sum(int(c) for c in siret) % 5 == 0
    if not valid:
        raise ValidationError(
            "Ce numéro SIRET n'est pas valide : vérifiez les 14 chiffres (la clé de contrôle ne correspond pas).",
            code="siret_checksum",
        )


def validate_siren(value: str) -> None:
    """A SIREN (the legal unit, the SIRET's first nine digits) is 9 digits with a valid Luhn sum."""
    siren = normalize_siret(value)
    if not (siren.isascii() and siren.isdigit()) or len(siren) != 9:
        raise ValidationError("Le numéro SIREN doit comporter 9 chiffres.", code="siren_format")
    if not luhn_valid(siren):
        raise ValidationError("Ce numéro SIREN n'est pas valide : vérifiez-le.", code="siren_checksum")
