"""Each step of the prospecting that changes something: it checks the permission, locks the
target, keeps the stage history and leaves the audit log to the model signals (tig.audit), all
in one transaction. The automatic moves (the organisation signed up, filed, was granted, has a
post in search) are at the end: they follow the organisation's own steps (tig/prospecting/signals.py)."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tig.accounts.models import User
from tig.core.exceptions import Refused
from tig.habilitations.documents import display_name, store
from tig.habilitations.enums import DossierKind, DossierStatus
from tig.habilitations.models import Dossier
from tig.notifications.services import send_emails
from tig.organisations.enums import LegalType
from tig.organisations.models import Organisation
from tig.posts.models import Post
from tig.prospecting import objectives, perms
from tig.prospecting.enums import (
    MANUAL_STAGES,
    RANK,
    AbandonReason,
    InteractionKind,
    ObjectiveMetric,
    Stage,
    TargetKind,
)
from tig.prospecting.models import Contact, Interaction, Objective, StageChange, Target, TargetDocument, match_key

# The files whose steps move a target: its habilitation, its posts' registration.
FOLLOWED_KINDS = frozenset({DossierKind.HABILITATION, DossierKind.REGISTRATION})
FILED = frozenset({DossierStatus.SUBMITTED, DossierStatus.CHANGES_REQUESTED, DossierStatus.OPINIONS_REQUESTED})

# The legal type a target's organisation will most likely sign up with (the sign-up form's first
# choice; the organisation corrects it).
LEGAL_TYPE = {
    TargetKind.TOWN_HALL: LegalType.COLLECTIVITE,
    TargetKind.EPCI: LegalType.ETABLISSEMENT_PUBLIC,
    TargetKind.PUBLIC_BODY: LegalType.ETABLISSEMENT_PUBLIC,
    TargetKind.SOCIAL_HOUSING: LegalType.PRIVE_MISSION_SERVICE_PUBLIC,
    TargetKind.ASSOCIATION: LegalType.ASSOCIATION,
    TargetKind.COMPANY: LegalType.ESS,
}


def _lock(target: Target) -> Target:
    return Target.objects.select_for_update().select_related("commune").get(pk=target.pk)


def _check(user: User, target: Target) -> None:
    if not perms.can_work_target(user, target.departement_id):
        raise Refused("Cette cible relève des référents d'un autre département.")


def _check_next_step(text: str, day: date | None) -> None:
    """A target in progress always has its next step and its date, so that nothing stalls."""
    if not text.strip() or day is None:
        raise Refused("Indiquez la prochaine étape et sa date : une cible en cours en a toujours une.")
    if day < timezone.localdate():
        raise Refused("La date de la prochaine étape ne peut pas être passée.")


def _set_stage(target: Target, stage: str, by: User | None, note: str = "", *, automatic: bool = False) -> None:
    StageChange.objects.create(
        target=target, from_stage=target.stage, to_stage=stage, by=by, automatic=automatic, note=note[:255]
    )
    target.stage = stage
    target.stage_changed_at = timezone.now()


def _touch(target: Target, user: User) -> None:
    target.last_activity_at = timezone.now()
    if target.assigned_to_id is None and perms.can_be_assigned(user, target.departement_id):
        target.assigned_to = user


def move(
    user: User,
    target: Target,
    stage: str,
    *,
    next_step: str = "",
    next_step_on: date | None = None,
    reason: str = "",
    note: str = "",
) -> Target:
    """A referent moves the target by hand: to one of the first stages, or « abandonnée » with a
    reason. The later stages follow the organisation's own steps."""
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        if stage == Stage.ABANDONED:
            if reason not in AbandonReason.values:
                raise Refused("Choisissez la raison de l'abandon.")
            target.abandon_reason = reason
            target.next_step, target.next_step_on = "", None
            note = note or AbandonReason(reason).label
        elif stage in MANUAL_STAGES:
            if target.organisation_id is not None:
                raise Refused("La structure est inscrite : son étape suit désormais ses démarches sur la plateforme.")
            _check_next_step(next_step, next_step_on)
            target.abandon_reason = ""
            target.next_step, target.next_step_on = next_step.strip()[:255], next_step_on
        else:
            raise Refused("Cette étape est franchie par la structure elle-même, sur la plateforme.")
        if stage != target.stage:
            _set_stage(target, stage, user, note)
        _touch(target, user)
        target.save()
    return target


def set_next_step(user: User, target: Target, text: str, day: date | None) -> Target:
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        if not target.is_open:
            raise Refused("Cette cible n'est plus en cours : elle n'a pas de prochaine étape.")
        _check_next_step(text, day)
        target.next_step, target.next_step_on = text.strip()[:255], day
        _touch(target, user)
        target.save()
    return target


def log_interaction(
    user: User, target: Target, *, kind: str, happened_on: date, summary: str, next_step: str, next_step_on: date | None
) -> Interaction:
    """An exchange with the target, and what comes next. The first exchange with a target « à
    contacter » makes it « contactée »."""
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        if happened_on > timezone.localdate():
            raise Refused("Un échange se note une fois qu'il a eu lieu : sa date ne peut pas être à venir.")
        if target.is_open:
            _check_next_step(next_step, next_step_on)
            target.next_step, target.next_step_on = next_step.strip()[:255], next_step_on
        interaction = Interaction.objects.create(
            target=target, kind=kind, happened_on=happened_on, summary=summary.strip(), by=user
        )
        if target.stage == Stage.TO_CONTACT:
            _set_stage(target, Stage.CONTACTED, user, f"{InteractionKind(kind).label} du {happened_on:%d/%m/%Y}")
        _touch(target, user)
        target.save()
    return interaction


def assign(user: User, target: Target, referent: User | None) -> Target:
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        if referent is not None and not perms.can_be_assigned(referent, target.departement_id):
            raise Refused("La cible ne peut être confiée qu'à un référent de son département.")
        target.assigned_to = referent
        target.save()
    return target


def hand_over(user: User, departing: User, successor: User, departement_code: str) -> int:
    """When a referent leaves: their targets of the département go to their successor. Returns
    how many."""
    if not perms.can_work_target(user, departement_code):
        raise Refused("Ce département relève d'autres référents.")
    if not perms.can_be_assigned(successor, departement_code):
        raise Refused("Le successeur doit être un référent du département.")
    if departing.pk == successor.pk:
        raise Refused("Choisissez un autre référent que celui qui part.")
    with transaction.atomic():
        targets = list(
            Target.objects.select_for_update().filter(assigned_to=departing, departement_id=departement_code)
        )
        for target in targets:  # one by one: each change goes into the audit log
            target.assigned_to = successor
            target.save(update_fields=["assigned_to", "updated_at"])
    return len(targets)


def add_contact(user: User, target: Target, contact: Contact) -> Contact:
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        contact.target = target
        contact.save()
        _touch(target, user)
        target.save()
    return contact


def remove_contact(user: User, target: Target, contact_id: int) -> None:
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        contact = Contact.objects.filter(target=target, pk=contact_id).first()
        if contact is None:
            raise Refused("Ce contact n'existe plus.")
        contact.delete()


def signup_link(target: Target) -> str:
    """The organisation sign-up, filled in with what the platform knows of the target."""
    query = {"nom": target.name, "commune": target.commune.label}
    if target.kind in LEGAL_TYPE:
        query["statut"] = LEGAL_TYPE[TargetKind(target.kind)].value
    if target.siret:
        query["siret"] = target.siret
    if target.address:
        query["adresse"] = target.address.split(",")[0][:255]
    return f"{settings.SITE_URL}{reverse('organisations:signup')}?{urlencode(query)}"


def invitation_email(
    target: Target, referent: User | None, message: str = "", reminder: bool = False
) -> tuple[str, str]:
    """The subject and text of the invitation to sign up (P4), or of its reminder (P9)."""
    who = f"{referent.get_full_name()}, référent territorial" if referent else "Le référent territorial"
    body = (
        "Bonjour,\n\n"
        + f"{who} du travail d'intérêt général "
        + ("vous rappelle son invitation à inscrire" if reminder else "vous invite à inscrire")
        + f" « {target.name} » sur la plateforme nationale du TIG : vous pourrez y proposer des "
        "postes de travail d'intérêt général et suivre les personnes accueillies.\n\n"
        + (f"{message.strip()}\n\n" if message.strip() else "")
        + f"Pour inscrire la structure (le formulaire est déjà en partie rempli) :\n{signup_link(target)}\n\n"
        + (f"Pour toute question : {referent.email}\n\n" if referent else "")
        + "— Plateforme TIG"
    )
    subject = "Accueillir des travaux d'intérêt général : inscrivez votre structure"
    return ("Rappel — " + subject if reminder else subject), body


def invite(user: User, target: Target, email: str, message: str = "") -> Target:
    """Invite the target's first administrator to sign the organisation up: an e-mail with the
    sign-up link filled in. The exchange is logged; the stage moves on once the organisation
    signs up (link by SIRET, SIREN or name and commune)."""
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        if target.organisation_id is not None:
            raise Refused("La structure est déjà inscrite sur la plateforme.")
        if target.is_abandoned:
            raise Refused("Cette cible est abandonnée : reprenez-la avant d'inviter la structure.")
        subject, body = invitation_email(target, user, message)
        send_emails([(email, subject, body)])
        target.invited_email, target.invited_at = email, timezone.now()
        Interaction.objects.create(
            target=target,
            kind=InteractionKind.EMAIL,
            happened_on=timezone.localdate(),
            summary=f"Invitation à inscrire la structure envoyée à {email}.",
            by=user,
        )
        if target.stage == Stage.TO_CONTACT:
            _set_stage(target, Stage.CONTACTED, user, "Invitation envoyée")
        _touch(target, user)
        target.save()
    return target


# The automatic moves ---------------------------------------------------------------------------


def _advance(target: Target, stage: Stage, note: str) -> None:
    """Forward only: a target already further keeps its stage. An abandoned target whose
    organisation goes ahead anyway comes back into the pipeline."""
    current = Stage(target.stage)
    if current != Stage.ABANDONED and RANK[current] >= RANK[stage]:
        return
    _set_stage(target, stage, None, note, automatic=True)
    target.abandon_reason = ""
    if stage == Stage.ACTIVE:
        target.next_step, target.next_step_on = "", None
    target.save()


def find_target(organisation: Organisation) -> Target | None:
    """The target an organisation that signs up comes from: same SIRET, else same SIREN in its
    département, else the same name in the same commune; never one already linked."""
    free = Target.objects.filter(organisation__isnull=True).select_for_update()
    siret = organisation.siret
    for candidates in (
        free.filter(siret=siret),
        free.filter(siren=siret[:9], siret="", departement_id=organisation.commune.departement_id),
        free.filter(match_key=_key(organisation)),
    ):
        found = candidates.order_by("-population", "id").first()
        if found is not None:
            return found
    return None


def _key(organisation: Organisation) -> str:
    return match_key(organisation.name, organisation.commune.code)


def organisation_signed_up(organisation: Organisation) -> Target | None:
    with transaction.atomic():  # a savepoint inside the step that created the organisation
        target = find_target(organisation)
        if target is None:
            return None
        target.organisation = organisation
        if not target.siret:
            target.siret = organisation.siret
        _advance(target, Stage.SIGNED_UP, "Structure inscrite sur la plateforme")
        target.save()
    return target


def catch_up(target: Target) -> None:
    """A target linked to an organisation that already went ahead: the stage of its furthest step."""
    organisation_id = target.organisation_id
    assert organisation_id is not None
    dossiers = Dossier.objects.filter(organisation_id=organisation_id, kind__in=FOLLOWED_KINDS)
    if Post.objects.filter(organisation_id=organisation_id, listed=True).exists():
        _advance(target, Stage.ACTIVE, "Postes déjà proposés dans la recherche")
    elif dossiers.filter(status=DossierStatus.GRANTED).exists():
        _advance(target, Stage.GRANTED, "Décision favorable déjà rendue")
    elif dossiers.filter(status__in=FILED).exists():
        _advance(target, Stage.FILED, "Dossier déjà déposé")
    else:
        _advance(target, Stage.SIGNED_UP, "Structure inscrite sur la plateforme")


def link_organisation(user: User, target: Target, siret: str) -> Target:
    """A referent links a target to the organisation it became, when the platform did not
    recognise it (another SIRET, another name); the stage catches up with what it did."""
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        if target.organisation_id is not None:
            raise Refused("Cette cible est déjà reliée à une structure.")
        organisation = Organisation.objects.filter(siret=siret).select_related("commune").first()
        if organisation is None or organisation.commune.departement_id != target.departement_id:
            raise Refused("Aucune structure inscrite avec ce SIRET dans le département de la cible.")
        if Target.objects.filter(organisation=organisation).exists():
            raise Refused("Cette structure est déjà reliée à une autre cible.")
        target.organisation = organisation
        target.siret = target.siret or organisation.siret
        target.save()
        catch_up(target)
    return target


def _targets_of(organisation_id: int) -> "QuerySet[Target]":
    return Target.objects.select_for_update().filter(organisation_id=organisation_id)


def dossier_moved(organisation_id: int, filed: bool, granted: bool, label: str) -> None:
    with transaction.atomic():
        for target in _targets_of(organisation_id):
            if granted:
                _advance(target, Stage.GRANTED, label)
            elif filed:
                _advance(target, Stage.FILED, label)


def post_listed(organisation_id: int) -> None:
    with transaction.atomic():
        for target in _targets_of(organisation_id):
            _advance(target, Stage.ACTIVE, "Premier poste proposé dans la recherche")


# Objectives (P10) ------------------------------------------------------------------------------


def set_objective(
    user: User,
    *,
    year: int,
    metric: str,
    target: int,
    departement_code: str | None = None,
    referent: User | None = None,
) -> Objective:
    """Set (or change) a year's objective for a département or a referent. For « new hosts » the
    hosts counted today are its starting point."""
    if not perms.can_set_objectives(user):
        raise Refused("Seule l'ATIGIP fixe les objectifs.")
    if (departement_code is None) == (referent is None):
        raise Refused("Un objectif vaut pour un département ou pour un référent.")
    if referent is not None and not (referent.is_active and referent.is_referent):
        raise Refused("Un objectif personnel ne se fixe qu'à un référent territorial en fonction.")
    if referent is not None and not referent.referent_departement_codes:
        raise Refused("Ce référent ne suit encore aucun département.")
    if target < 1:
        raise Refused("L'objectif doit être d'au moins 1.")
    scope = {"departement_id": departement_code} if departement_code else {"referent": referent}
    with transaction.atomic():
        objective = Objective.objects.select_for_update().filter(year=year, metric=metric, **scope).first()
        if objective is None:
            objective = Objective(year=year, metric=metric, **scope)
            if metric == ObjectiveMetric.NEW_HOSTS:
                _day, values = objectives.measure(objectives.scope(objective))
                objective.baseline = values[ObjectiveMetric.NEW_HOSTS]
        objective.target, objective.set_by, objective.set_at = target, user, timezone.now()
        objective.save()
    return objective


def remove_objective(user: User, objective: Objective) -> None:
    if not perms.can_set_objectives(user):
        raise Refused("Seule l'ATIGIP fixe les objectifs.")
    with transaction.atomic():
        objective.delete()  # one by one: the deletion is in the audit log


# Documents ----------------------------------------------------------------------------------------


def add_document(
    user: User, target: Target, *, upload: Any, content_type: str, extension: str, title: str
) -> TargetDocument:
    """A document kept with the target, checked by habilitations.documents.validate_upload (the
    form), stored under a name of ours; the file written with the row, in one transaction."""
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        document = TargetDocument(
            target=target,
            title=title.strip(),
            original_name=display_name(upload.name, extension),
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )
        store(document, upload, f"document{extension}")
        _touch(target, user)
        target.save()
    return document


def remove_document(user: User, target: Target, document_id: int) -> None:
    """The row first; the file once the deletion is committed."""
    with transaction.atomic():
        target = _lock(target)
        _check(user, target)
        document = target.documents.filter(pk=document_id).first()
        if document is None:
            raise Refused("Ce document n'est plus dans la fiche.")
        stored = document.file
        document.delete()
        transaction.on_commit(lambda: stored.storage.delete(stored.name or ""))
