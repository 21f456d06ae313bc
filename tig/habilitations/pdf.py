"""The decision letter, as a PDF."""

from xml.sax.saxutils import escape

from django.utils import timezone

from tig.core.pdf import letter, text
from tig.habilitations.enums import DossierKind, DossierStatus
from tig.notifications.attachments import Attachment

LEGAL_BASIS = {
    DossierKind.HABILITATION: "articles R.*623-1 à R. 623-3 du code pénitentiaire",
    DossierKind.RENEWAL: "articles R.*623-1 à R. 623-3 du code pénitentiaire",
    DossierKind.REGISTRATION: "articles R. 623-7 à R. 623-10 du code pénitentiaire",
    DossierKind.RADIATION: "articles R. 623-7 à R. 623-10 du code pénitentiaire",
}


def _decision_sentence(dossier) -> str:
    granted = dossier.status in (DossierStatus.GRANTED, DossierStatus.WITHDRAWN)
    organisation = escape(dossier.organisation.name)
    if dossier.is_habilitation:
        if granted:
            return (
                f"<b>{organisation}</b> est habilitée à accueillir des personnes condamnées à un travail "
                f"d'intérêt général ({dossier.get_audience_display().lower()}) dans le département "
                f"{escape(dossier.departement.name_with_of)}, du {dossier.valid_from:%d/%m/%Y} au "
                f"{dossier.valid_until:%d/%m/%Y} inclus."
            )
        return f"La demande d'habilitation de <b>{organisation}</b> est rejetée."
    post = escape(dossier.post.title)
    if dossier.kind == DossierKind.REGISTRATION:
        if granted:
            return (
                f"Le poste « {post} » de <b>{organisation}</b> est inscrit sur la liste des travaux d'intérêt "
                f"général du département ; nombre de places : {dossier.places}."
            )
        return f"L'inscription du poste « {post} » de <b>{organisation}</b> est refusée."
    if granted:
        return f"Le poste « {post} » de <b>{organisation}</b> est radié de la liste des travaux d'intérêt général."
    return f"La radiation du poste « {post} » de <b>{organisation}</b> est refusée."


def decision_letter(dossier) -> bytes:
    decider = dossier.decided_by
    organisation = dossier.organisation
    lines = [
        f"Le {timezone.localtime(dossier.decided_at):%d/%m/%Y}",
        f"Objet : {text(dossier.get_kind_display())}",
        f"Structure : {text(organisation.name)}, SIRET {organisation.siret}, {text(organisation.address)}, "
        f"{text(organisation.commune.label)}",
        None,
        f"Vu les {LEGAL_BASIS[dossier.kind]} ;",
    ]
    lines += [
        f"Vu l'avis {opinion.get_verdict_display().lower()} du {opinion.get_authority_display().lower()} "
        f"rendu le {timezone.localtime(opinion.given_at):%d/%m/%Y} ;"
        for opinion in dossier.opinions.all()
    ]
    if dossier.opinions_requested_at and not dossier.opinions_complete:
        lines.append(
            f"Vu la demande d'avis du {timezone.localtime(dossier.opinions_requested_at):%d/%m/%Y}, "
            "restée en partie sans réponse dans le délai légal ;"
        )
    lines += [None, "## Décide :", _decision_sentence(dossier), None, "## Motifs :", text(dossier.decision_reason)]
    return letter(
        f"Décision n° {dossier.reference}",
        decider.service.name if decider and decider.service_id else "",
        lines,
        signature=f"{text(decider.get_full_name() if decider else '')}, {text(dossier.decider_title)}",
        copy="Copie : structure d'accueil, président du tribunal judiciaire, juge de l'application des peines, "
        "procureur de la République, préfet.",
    )


def decision_attachment(dossier_id: int) -> Attachment:
    """The letter attached to the e-mails that announce a decision outside the platform."""
    from tig.habilitations.models import Dossier

    dossier = Dossier.objects.select_related("organisation", "decided_by", "post").filter(pk=dossier_id).first()
    if dossier is None:
        raise LookupError(f"Le dossier {dossier_id} n'existe plus.")
    return Attachment(f"decision-{dossier.reference}.pdf", decision_letter(dossier), "application/pdf")
