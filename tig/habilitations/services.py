"""The steps of a file. Each one checks who acts and when, changes the file in a transaction
(the file's row locked), writes the timeline and sends the notifications."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tig.accounts.enums import MagistrateFunction, Role
from tig.accounts.models import User, departement_referents
from tig.core.exceptions import Refused
from tig.habilitations import clock, perms
from tig.habilitations.documents import display_name, store
from tig.habilitations.enums import (
    HABILITATION_KINDS,
    HABILITATION_YEARS,
    KBIS_MAX_AGE_MONTHS,
    OPEN_STATUSES,
    REQUIRED_DOCUMENTS,
    DocumentKind,
    DossierKind,
    DossierStatus,
    EventAction,
    PersonRole,
)
from tig.habilitations.listing import refresh_organisation, required_audience
from tig.habilitations.models import Document, Dossier, Event, Opinion, Person, PrefectureContact
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify, send_emails
from tig.organisations.enums import LegalType
from tig.organisations.models import Organisation, societe_a_mission_allowed
from tig.organisations.models import organisation_admins as admins_of
from tig.posts.enums import Registration
from tig.posts.models import PostRevision
from tig.posts.perms import can_request_registration
from tig.posts.services import apply_revision, drop_revision, pending_revision

# The decision letter attached to the e-mails sent outside the platform (registered in apps.py).
DECISION_LETTER = "habilitations.decision"


# Who hears of a file.
def organisation_admins(dossier):
    return admins_of(dossier.organisation_id)


def referents(dossier):
    return departement_referents(dossier.departement_id)


def deciders(dossier):
    return User.objects.filter(
        role=dossier.decider_role, service__departement_id=dossier.departement_id, is_active=True
    )


def magistrates(dossier, functions=(MagistrateFunction.PROSECUTOR, MagistrateFunction.JAP)):
    return User.objects.filter(
        role=Role.MAGISTRATE, service_id=dossier.tribunal_id, magistrate_function__in=functions, is_active=True
    )


def dossier_url(dossier) -> str:
    return reverse("habilitations:detail", args=[dossier.pk])


def _lock(dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _move(dossier, status, user: User, action, message="", **fields) -> Event:
    now = timezone.now()
    dossier.status = status
    dossier.status_changed_at = now
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.save()
    return Event.objects.create(dossier=dossier, at=now, actor=user, action=action, message=message)


def subject(dossier) -> str:
    return f"{dossier.get_kind_display()} — {dossier.organisation.name} ({dossier.reference})"


def create(kind, organisation: Organisation, user: User, **fields) -> Dossier:
    with transaction.atomic():
        dossier = Dossier.objects.create(kind=kind, organisation=organisation, created_by=user, **fields)
        Event.objects.create(dossier=dossier, actor=user, action=EventAction.CREATED)
    return dossier


def start_registration(post, user: User) -> Dossier:
    """The registration file of a post, or the one already in progress. For a registered post,
    the registration of its pending revision (the changes that need a decision, R16)."""
    revision = pending_revision(post) if post.is_registered else None
    if revision is not None:
        return _start_for_post(
            post,
            user,
            DossierKind.REGISTRATION,
            places=revision.places or post.places_registered or post.places_offered,
            presentation=revision.tasks or post.tasks,
            revision=revision,
        )
    return _start_for_post(post, user, DossierKind.REGISTRATION, places=post.places_offered, presentation=post.tasks)


def _start_for_post(post, user: User, kind: DossierKind, **fields: object) -> Dossier:
    """A post's registration or radiation: asked by whoever posts.perms allows, of a post not yet
    registered (registration) or registered (radiation); a file in progress is resumed."""
    registration = kind == DossierKind.REGISTRATION
    if not can_request_registration(user, post):
        what = "l'inscription" if registration else "la radiation"
        raise Refused(f"Vous ne pouvez pas demander {what} de ce poste.")
    revision = fields.get("revision")
    if revision is not None:
        existing = open_dossier_for(post.organisation_id, kind, post=post, revision=revision)
        return existing or create(
            kind,
            post.organisation,
            user,
            post=post,
            departement_id=post.commune.departement_id,
            audience=required_audience(post),
            **fields,
        )
    if post.is_registered == registration:
        raise Refused(
            "Ce poste est déjà inscrit sur la liste départementale."
            if registration
            else "Ce poste n'est pas inscrit sur la liste départementale."
        )
    existing = open_dossier_for(post.organisation_id, kind, post=post)
    if existing:
        return existing
    return create(
        kind,
        post.organisation,
        user,
        post=post,
        departement_id=post.commune.departement_id,
        audience=required_audience(post),
        **fields,
    )


def start_habilitation(organisation: Organisation, user: User, *, departement, audience, presentation: str) -> Dossier:
    """A private organisation's request for habilitation, as a draft. A file already in progress
    for the same département is resumed, never doubled (R34)."""
    if not perms.can_start_for(user, organisation):
        raise Refused("Seuls les administrateurs de la structure et ses référents déposent sa demande.")
    if not organisation.habilitation_required:
        raise Refused("Les personnes morales de droit public sont habilitées d'office.")
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        existing = open_habilitation_for(organisation.pk, departement.pk)
        if existing:
            return existing
        return create(
            DossierKind.HABILITATION,
            organisation,
            user,
            departement=departement,
            audience=audience,
            presentation=presentation,
        )


def open_habilitation_for(organisation_id: int, departement_id: str) -> Dossier | None:
    """The habilitation file (first request or renewal) in progress for this département."""
    return Dossier.objects.filter(
        organisation_id=organisation_id,
        departement_id=departement_id,
        kind__in=list(HABILITATION_KINDS),
        status__in=list(OPEN_STATUSES),
    ).first()


def start_radiation(post, user: User) -> Dossier:
    """The radiation file of a registered post, or the one already in progress."""
    return _start_for_post(post, user, DossierKind.RADIATION)


def start_renewal(habilitation, user: User) -> Dossier:
    """A renewal asks again for updated documents; the people listed are copied for review. A
    renewal already started (and not refused) is resumed."""
    if not perms.can_renew(user, habilitation):
        raise Refused("Vous ne pouvez pas demander le renouvellement de cette habilitation.")
    existing = habilitation.renewals.exclude(status=DossierStatus.REFUSED).first()
    if existing:
        return existing
    with transaction.atomic():
        renewal = create(
            DossierKind.RENEWAL,
            habilitation.organisation,
            user,
            departement_id=habilitation.departement_id,
            audience=habilitation.audience,
            presentation=habilitation.presentation,
            renewal_of=habilitation,
        )
        for person in habilitation.people.all():
            person.pk = None
            person.dossier = renewal
            person.save()
    return renewal


def _check_editable(dossier, user: User) -> Dossier:
    dossier = _lock(dossier)
    if not perms.can_edit(user, dossier):
        raise Refused("Ce dossier n'est plus modifiable : il a été déposé.")
    return dossier


def add_person(dossier, user: User, person: Person) -> Person:
    """A board member (habilitation) or a person responsible for the post (registration)."""
    with transaction.atomic():
        dossier = _check_editable(dossier, user)
        person.dossier = dossier
        person.role = PersonRole.BOARD_MEMBER if dossier.is_habilitation else PersonRole.POST_RESPONSIBLE
        person.save()
    return person


def remove_person(dossier, user: User, person_id: int) -> None:
    with transaction.atomic():
        dossier = _check_editable(dossier, user)
        person = dossier.people.filter(pk=person_id).first()
        if person is None:
            raise Refused("Cette personne n'est plus dans le dossier.")
        person.delete()


def store_document(dossier, user: User, *, upload, content_type: str, extension: str, kind: str, issued_on) -> Document:
    """A document of the file, checked by documents.validate_upload, stored under a name of
    ours (never the sender's); the file written with the row, in one transaction."""
    with transaction.atomic():
        dossier = _check_editable(dossier, user)
        document = Document(
            dossier=dossier,
            kind=kind,
            original_name=display_name(upload.name, extension),
            content_type=content_type,
            size=upload.size,
            issued_on=issued_on,
            uploaded_by=user,
        )
        store(document, upload, f"piece{extension}")
    return document


def remove_document(dossier, user: User, document_id: int) -> None:
    """The row first; the file once the deletion is committed."""
    with transaction.atomic():
        dossier = _check_editable(dossier, user)
        document = dossier.documents.filter(pk=document_id).first()
        if document is None:
            raise Refused("Cette pièce n'est plus dans le dossier.")
        stored = document.file
        document.delete()
        transaction.on_commit(lambda: stored.storage.delete(stored.name))


def required_documents(dossier) -> tuple[str, ...]:
    if not dossier.is_habilitation:
        return ()
    return REQUIRED_DOCUMENTS.get(dossier.organisation.legal_type, ())


def missing_items(dossier) -> list[str]:
    """What still prevents the file from being filed, in plain French (empty when complete)."""
    missing = []
    if not dossier.presentation.strip():
        missing.append(
            "La note sur la nature et les modalités du travail."
            if dossier.kind == DossierKind.REGISTRATION
            else "La présentation de la demande."
        )
    present = {document.kind: document for document in dossier.documents.all()}
    for kind in required_documents(dossier):
        if kind not in present:
            missing.append(f"La pièce « {DocumentKind(kind).label} ».")
    kbis = present.get(DocumentKind.KBIS)
    if kbis and kbis.issued_on and kbis.issued_on < clock.add_months(timezone.localdate(), -KBIS_MAX_AGE_MONTHS):
        missing.append("Un extrait Kbis de moins de trois mois (celui qui est joint est plus ancien).")
    people = {person.role for person in dossier.people.all()}
    if dossier.is_habilitation and PersonRole.BOARD_MEMBER not in people:
        missing.append("L'identité des membres du bureau (au moins une personne).")
    if dossier.kind == DossierKind.REGISTRATION:
        if PersonRole.POST_RESPONSIBLE not in people:
            missing.append("Le ou les responsables du poste (au moins une personne).")
        if not dossier.places:
            missing.append("Le nombre de places.")
    if (
        dossier.is_habilitation
        and dossier.organisation.legal_type == LegalType.SOCIETE_A_MISSION
        and not societe_a_mission_allowed(dossier.departement_id)
    ):
        missing.append(
            "Les sociétés à mission ne peuvent accueillir de TIG que dans les départements de "
            "l'expérimentation, dont ce département ne fait pas partie aujourd'hui."
        )
    return missing


def submit(dossier, user: User) -> None:
    with transaction.atomic():
        dossier = _lock(dossier)
        if not perms.can_edit(user, dossier):
            raise Refused("Ce dossier ne peut plus être déposé : il est déjà entre les mains des services.")
        missing = missing_items(dossier)
        if missing:
            raise Refused("Le dossier est incomplet : " + " ".join(missing))
        if dossier.kind == DossierKind.REGISTRATION and dossier.organisation.habilitation_required:
            _attach_habilitation(dossier)
        if dossier.revision_id:  # the revision no longer changes while it is examined
            PostRevision.objects.filter(pk=dossier.revision_id).update(submitted_at=timezone.now())
        resubmitted = dossier.status == DossierStatus.CHANGES_REQUESTED
        _move(
            dossier,
            DossierStatus.SUBMITTED,
            user,
            EventAction.SUBMITTED,
            "Dossier complété et déposé à nouveau." if resubmitted else "",
            submitted_at=timezone.now(),
        )
        notify(
            referents(dossier),
            NotificationKind.FILE_SUBMITTED,
            f"Dossier à examiner : {subject(dossier)}",
            "Un dossier a été déposé dans votre département.",
            dossier_url(dossier),
        )


def _attach_habilitation(dossier) -> None:
    """A private host's registration needs a valid habilitation, or goes with its pending request."""
    covering = Dossier.objects.habilitations_valid_on(timezone.localdate()).filter(
        organisation_id=dossier.organisation_id, departement_id=dossier.departement_id, audience=dossier.audience
    )
    if covering.exists():
        dossier.habilitation = None
        return
    pending = (
        Dossier.objects.filter(
            organisation_id=dossier.organisation_id,
            departement_id=dossier.departement_id,
            audience=dossier.audience,
            kind__in=[DossierKind.HABILITATION, DossierKind.RENEWAL],
            status__in=[DossierStatus.SUBMITTED, DossierStatus.CHANGES_REQUESTED, DossierStatus.OPINIONS_REQUESTED],
        )
        .order_by("-created_at")
        .first()
    )
    if pending is None:
        raise Refused(
            "Votre structure n'est pas habilitée pour ce département et ce public : déposez d'abord votre "
            "demande d'habilitation ; la demande d'inscription l'accompagnera."
        )
    dossier.habilitation = pending


def request_changes(dossier, user: User, message: str) -> None:
    with transaction.atomic():
        dossier = _lock(dossier)
        if not perms.can_review(user, dossier):
            raise Refused("Vous ne pouvez pas renvoyer ce dossier à la structure.")
        _move(dossier, DossierStatus.CHANGES_REQUESTED, user, EventAction.CHANGES_REQUESTED, message)
        if dossier.revision_id:  # back with the host: its revision may change again
            PostRevision.objects.filter(pk=dossier.revision_id).update(submitted_at=None)
        notify(
            organisation_admins(dossier),
            NotificationKind.CHANGES_REQUESTED,
            f"Modifications demandées : {subject(dossier)}",
            message,
            dossier_url(dossier),
        )


def request_opinions(dossier, user: User, tribunal, consult_prefect: bool) -> None:
    """The opinions of the prosecutor and the JAP, requested electronically (R. 623-3)."""
    with transaction.atomic():
        dossier = _lock(dossier)
        if not perms.can_review(user, dossier):
            raise Refused("Vous ne pouvez pas demander les avis sur ce dossier.")
        now = timezone.now()
        _move(
            dossier,
            DossierStatus.OPINIONS_REQUESTED,
            user,
            EventAction.OPINIONS_REQUESTED,
            f"Avis demandés au procureur de la République et au juge de l'application des peines ({tribunal}).",
            tribunal=tribunal,
            opinions_requested_at=now,
            prefect_consulted=consult_prefect,
        )
        until = dossier.decidable_from
        notify(
            magistrates(dossier),
            NotificationKind.OPINION_REQUESTED,
            f"Avis demandé : {subject(dossier)}",
            f"Votre avis motivé est attendu. Sans avis, la décision pourra être prise à partir du {until:%d/%m/%Y}.",
            dossier_url(dossier),
        )
        if consult_prefect:
            contact = PrefectureContact.objects.filter(departement_id=dossier.departement_id).first()
            if contact:
                send_emails(
                    [
                        (
                            contact.email,
                            f"Consultation : {subject(dossier)}",
                            f"Le {dossier.decider_title} consulte la préfecture sur le dossier {dossier.reference} "
                            f"({dossier.get_kind_display().lower()}) de {dossier.organisation.name}.",
                        )
                    ]
                )
            Event.objects.create(
                dossier=dossier,
                actor=user,
                action=EventAction.PREFECT_CONSULTED,
                message="" if contact else "Aucune adresse de préfecture n'est enregistrée pour ce département.",
            )


def give_opinion(dossier, user: User, verdict: str, reason: str) -> Opinion:
    with transaction.atomic():
        dossier = _lock(dossier)
        if not perms.can_give_opinion(user, dossier):
            raise Refused("Vous ne pouvez pas rendre d'avis sur ce dossier, ou votre avis est déjà rendu.")
        opinion = Opinion.objects.create(
            dossier=dossier, authority=perms.opinion_authority_of(user), verdict=verdict, reason=reason, given_by=user
        )
        Event.objects.create(
            dossier=dossier,
            actor=user,
            action=EventAction.OPINION_GIVEN,
            message=f"{opinion.get_authority_display()} : avis {opinion.get_verdict_display().lower()}.",
        )
        dossier.__dict__.pop("opinions_by_authority", None)
        if dossier.opinions_complete:
            notify(
                deciders(dossier),
                NotificationKind.FILE_DECIDABLE,
                f"Les deux avis sont rendus : {subject(dossier)}",
                "Vous pouvez prendre la décision.",
                dossier_url(dossier),
            )
    return opinion


def decide(dossier, user: User, granted: bool, reason: str) -> None:
    with transaction.atomic():
        dossier = _lock(dossier)
        if not perms.can_decide(user, dossier):
            raise Refused(
                f"Seul le {dossier.decider_title} du département décide de ce dossier, une fois les avis demandés."
            )
        if not dossier.clock_allows_decision():
            raise Refused(
                f"Un avis manque encore : la décision n'est possible qu'à partir du {dossier.decidable_from:%d/%m/%Y} "
                "(délai légal après la demande d'avis), ou dès que les deux avis sont rendus."
            )
        if dossier.habilitation_id and granted and not dossier.habilitation.is_valid_habilitation:
            raise Refused(
                f"Cette inscription accompagne la demande d'habilitation {dossier.habilitation.reference} : "
                "décidez d'abord de l'habilitation."
            )
        today = timezone.localdate()
        fields = {"decided_at": timezone.now(), "decided_by": user, "decision_reason": reason}
        if granted and dossier.is_habilitation:
            fields.update(valid_from=today, valid_until=clock.validity_end(today, HABILITATION_YEARS))
        _move(
            dossier,
            DossierStatus.GRANTED if granted else DossierStatus.REFUSED,
            user,
            EventAction.GRANTED if granted else EventAction.REFUSED,
            reason,
            **fields,
        )
        if granted:
            _apply_decision(dossier)
        elif dossier.revision_id:
            drop_revision(dossier.revision)
        _announce_decision(dossier)


def _apply_decision(dossier) -> None:
    if dossier.is_habilitation:
        refresh_organisation(dossier.organisation_id)
        return
    if dossier.revision_id:  # the changes of a registered post: they become the post
        apply_revision(dossier.revision, dossier.places)
        return
    post = dossier.post
    if dossier.kind == DossierKind.REGISTRATION:
        post.registration = Registration.REGISTERED
        post.registered_on = timezone.localdate()
        post.places_registered = dossier.places
        post.places_offered = max(dossier.places, post.places_taken)
        post.last_confirmed_at = timezone.now()
        post.stale = False
    else:
        post.registration = Registration.RADIATED
        post.places_registered = None
        revision = pending_revision(post)
        if revision is not None:  # radiated: nothing left to revise
            drop_revision(revision)
    post.save()


def _announce_decision(dossier) -> None:
    """To the host, and to the president of the tribunal, the JAP, the prosecutor and the prefect
    (R. 623-3); the referents hear of it too. The letter is in the file and attached to the e-mails
    sent outside the platform."""
    title = f"Décision : {dossier.status_label.lower()} — {subject(dossier)}"
    body = f"Motifs : {dossier.decision_reason}\n\nLa lettre de décision est disponible dans le dossier."
    url = dossier_url(dossier)
    notify(organisation_admins(dossier), NotificationKind.DECISION, title, body, url)
    notify(referents(dossier), NotificationKind.DECISION, title, body, url)
    if dossier.tribunal_id:
        notify(magistrates(dossier), NotificationKind.DECISION, title, body, url)
    outside = []
    if dossier.is_habilitation and dossier.tribunal_id and dossier.tribunal.email:
        outside.append(dossier.tribunal.email)  # for the president of the tribunal
    prefecture = PrefectureContact.objects.filter(departement_id=dossier.departement_id).first()
    if prefecture:
        outside.append(prefecture.email)
    text = f"{title}\n\n{body.replace('dans le dossier', 'en pièce jointe')}"
    send_emails([(address, title, text) for address in outside], attachment=(DECISION_LETTER, dossier.pk))


def withdraw(dossier, user: User, reason: str) -> None:
    with transaction.atomic():
        dossier = _lock(dossier)
        if not perms.can_withdraw(user, dossier):
            raise Refused("Seul le directeur compétent peut retirer une habilitation accordée.")
        _move(dossier, DossierStatus.WITHDRAWN, user, EventAction.WITHDRAWN, reason)
        refresh_organisation(dossier.organisation_id)
        title = f"Habilitation retirée — {dossier.organisation.name} ({dossier.reference})"
        body = (
            f"Motifs : {reason}\n\nLes postes de la structure qu'elle couvrait ne sont plus proposés dans la recherche."
        )
        notify(organisation_admins(dossier), NotificationKind.DECISION, title, body, dossier_url(dossier))
        notify(referents(dossier), NotificationKind.DECISION, title, body, dossier_url(dossier))


def open_dossier_for(organisation_id, kind, **filters):
    """The file of this kind still in progress, if any: a second request resumes it."""
    return Dossier.objects.filter(
        organisation_id=organisation_id, kind=kind, status__in=list(OPEN_STATUSES), **filters
    ).first()
