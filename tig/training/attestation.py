"""The training attestation (docs/regles.md, F4): a PDF naming the learner, the course, the version
and the day it was completed, with a code that the public verification page checks; the code of a
withdrawn attestation says so; an unknown code matches nothing."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tig.accounts.models import User
from tig.core.exceptions import Refused
from tig.core.pdf import letter, text
from tig.training.models import Completion

CODE = re.compile(r"[0-9A-F]{12}")


def pdf(completion: Completion) -> bytes:
    user, version = completion.user, completion.version
    check = f"{settings.SITE_URL}{reverse('training:verify')}"
    lines: list[str | None] = [
        f"<b>{text(user.get_full_name())}</b> a suivi la formation « {text(version.course.title)} » "
        f"(version {version.number}) sur la plateforme TIG, lu chacune de ses leçons et réussi chacun de ses quiz, "
        f"le {timezone.localtime(completion.completed_at):%d/%m/%Y}.",
        None,
        f"Code de vérification : <b>{completion.code}</b>",
        f"Ce code se vérifie sur {text(check)}.",
    ]
    return letter(
        "Attestation de formation",
        "Agence du travail d'intérêt général et de l'insertion professionnelle (ATIGIP)\nPlateforme TIG",
        lines,
    )


@dataclass(frozen=True)
class Verification:
    completion: Completion | None
    malformed: bool = False

    @property
    def valid(self) -> bool:
        return self.completion is not None and self.completion.revoked_at is None


def verify(raw: str) -> Verification:
    """What a code says: an attestation (maybe withdrawn), nothing, or a code of the wrong shape."""
    code = "".join(raw.split()).upper()
    if not CODE.fullmatch(code):
        return Verification(None, malformed=True)
    return Verification(Completion.objects.select_related("user", "version__course").filter(code=code).first())


def revoke(user: User, completion: Completion, reason: str) -> None:
    if not (user.is_active and user.is_national_admin):
        raise Refused("Seule l'ATIGIP retire une attestation.")
    if not reason.strip():
        raise Refused("Indiquez le motif du retrait.")
    with transaction.atomic():
        completion = Completion.objects.select_for_update().get(pk=completion.pk)
        if completion.revoked_at is not None:
            raise Refused("Cette attestation est déjà retirée.")
        completion.revoked_at = timezone.now()
        completion.revoked_reason = reason.strip()[:255]
        completion.save(update_fields=["revoked_at", "revoked_reason"])
