"""The habilitations' part of the organisation's page (tig/organisations/sections.py): its
valid habilitations and its files in progress, for those who may read them."""

from tig.accounts.typing import AuthenticatedRequest
from tig.habilitations import perms
from tig.habilitations.enums import HABILITATION_KINDS, OPEN_STATUSES
from tig.organisations.models import Organisation
from tig.organisations.sections import Section, register_section


def organisation_files(request: AuthenticatedRequest, organisation: Organisation) -> dict | None:
    user = request.user
    if not perms.can_see_files_of(user, organisation):
        return None
    dossiers = list(organisation.dossiers.select_related("post", "departement").prefetch_related("opinions"))
    open_dossiers = [dossier for dossier in dossiers if dossier.status in OPEN_STATUSES]
    # One habilitation file at a time per département (R34): the one in progress is offered instead.
    in_progress = next(
        (
            dossier
            for dossier in open_dossiers
            if dossier.kind in HABILITATION_KINDS and dossier.departement_id == organisation.commune.departement_id
        ),
        None,
    )
    return {
        "dossiers": open_dossiers,
        "valid_habilitations": [dossier for dossier in dossiers if dossier.is_valid_habilitation],
        "can_apply": perms.can_start_for(user, organisation) and in_progress is None,
        "in_progress": in_progress,
    }


def register() -> None:
    register_section(Section("files", 10, "habilitations/_organisation_section.html", organisation_files))
