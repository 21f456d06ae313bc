"""Who may do what with a file (docs/architecture.md, « Rôles et périmètres » ; docs/regles.md, R4–R16). Small pure functions; the views check
them through the fetch helpers of views.py. `Dossier.objects.visible_to` is the list form of
`can_read`."""

from tig.accounts.models import User
from tig.habilitations.enums import EDITABLE_STATUSES, HABILITATION_KINDS, DossierStatus, OpinionAuthority
from tig.organisations.models import Organisation
from tig.organisations.perms import administers, follows_departement


def is_director_of(user: User, departement_id: str) -> bool:
    return user.decision_departement_code == departement_id


def can_read(user: User, dossier) -> bool:
    if user.is_national_admin:
        return True
    if user.is_host_staff:
        return administers(user, dossier.organisation_id)
    if user.is_referent:
        return follows_departement(user, dossier.departement_id)
    if user.decision_departement_code:
        return is_director_of(user, dossier.departement_id) and dossier.status != DossierStatus.DRAFT
    if user.is_prosecutor or user.is_jap:
        return dossier.tribunal_id == user.service_id and dossier.opinions_requested_at is not None
    return False


def can_start_for(user: User, organisation: Organisation) -> bool:
    """Start a file for an organisation: its administrators, or a referent of its département
    (the referents help hosts prepare their files)."""
    return administers(user, organisation.pk) or follows_departement(user, organisation.commune.departement_id)


def can_see_files_of(user: User, organisation: Organisation) -> bool:
    """The organisation's habilitations and files on its page: those who may start one, and
    the agency."""
    return user.is_national_admin or can_start_for(user, organisation)


def can_edit(user: User, dossier) -> bool:
    """Complete a file not yet in the hands of the justice services."""
    if dossier.status not in EDITABLE_STATUSES:
        return False
    return administers(user, dossier.organisation_id) or follows_departement(user, dossier.departement_id)


def can_review(user: User, dossier) -> bool:
    """Send back for changes, or request the opinions: the referent of the département, or the
    director who will decide."""
    if dossier.status != DossierStatus.SUBMITTED:
        return False
    return follows_departement(user, dossier.departement_id) or can_decide_role(user, dossier)


def opinion_authority_of(user: User):
    if user.is_prosecutor:
        return OpinionAuthority.PROSECUTOR
    if user.is_jap:
        return OpinionAuthority.JAP
    return None


def can_give_opinion(user: User, dossier) -> bool:
    authority = opinion_authority_of(user)
    return (
        authority is not None
        and dossier.status == DossierStatus.OPINIONS_REQUESTED
        and dossier.tribunal_id == user.service_id
        and authority not in dossier.opinions_by_authority
    )


def can_decide_role(user: User, dossier) -> bool:
    """The SPIP director (adults) or the PJJ territorial director (minors) of the département."""
    return user.role == dossier.decider_role and is_director_of(user, dossier.departement_id)


def can_decide(user: User, dossier) -> bool:
    """The right person, at the right stage; the legal clock is checked apart (with its message)."""
    return dossier.status == DossierStatus.OPINIONS_REQUESTED and can_decide_role(user, dossier)


def can_withdraw(user: User, dossier) -> bool:
    return (
        dossier.kind in HABILITATION_KINDS
        and dossier.status == DossierStatus.GRANTED
        and can_decide_role(user, dossier)
    )


def can_renew(user: User, dossier) -> bool:
    """Ask for the renewal of a granted habilitation: who may start a file for its organisation."""
    return (
        dossier.kind in HABILITATION_KINDS
        and dossier.status == DossierStatus.GRANTED
        and can_start_for(user, dossier.organisation)
    )


def can_download_decision(user: User, dossier) -> bool:
    return dossier.decided_at is not None and can_read(user, dossier)
