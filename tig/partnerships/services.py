"""Each step of the national partnerships that changes something (docs/regles.md, P11): it checks
the permission, locks what it changes and saves in one transaction; the audit log follows the
model signals (tig.audit)."""

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tig.accounts import services as accounts
from tig.accounts.enums import Role
from tig.accounts.models import Invitation, User
from tig.core.exceptions import Refused, refuse_invalid
from tig.habilitations.documents import display_name, store
from tig.organisations.models import Organisation
from tig.partnerships import perms
from tig.partnerships.enums import LinkMethod
from tig.partnerships.models import (
    Agreement,
    Branch,
    Coordinator,
    CoordinatorInvitation,
    DepartementObjective,
    Exclusion,
    LocalAction,
    Partner,
)
from tig.territories.models import Departement

PDF = "application/pdf"


def _manager(user: User) -> None:
    if not perms.can_manage_partners(user):
        raise Refused("Les partenaires nationaux et leurs conventions sont tenus par l'ATIGIP.")


def save_partner(user: User, partner: Partner) -> int:
    """Create or change a partner; with a SIREN, its organisations join its network (how many)."""
    _manager(user)
    refuse_invalid(partner)
    with transaction.atomic():
        partner.save()
        return link_by_siren(partner, user) if partner.siren else 0


def link_by_siren(partner: Partner, by: User | None) -> int:
    """The organisations whose SIRET starts with the partner's SIREN, in no network and not taken
    out of this one by hand, join it; how many joined."""
    if not partner.siren:
        return 0
    excluded = Exclusion.objects.filter(partner=partner).values("organisation_id")
    in_a_network = Branch.objects.filter(organisation=OuterRef("pk"))
    joining = (
        Organisation.objects.filter(siret__startswith=partner.siren)
        .exclude(Exists(in_a_network))
        .exclude(pk__in=excluded)
        .select_for_update()
        .order_by("pk")
    )
    count = 0
    with transaction.atomic():
        for organisation in joining:
            Branch.objects.create(partner=partner, organisation=organisation, method=LinkMethod.SIREN, linked_by=by)
            count += 1
    return count


def join_by_siren(organisation: Organisation) -> Branch | None:
    """A new organisation whose SIREN is a partner's joins its network (tig/partnerships/signals.py)."""
    partner = Partner.objects.filter(siren=organisation.siret[:9]).first()
    if partner is None or Branch.objects.filter(organisation=organisation).exists():
        return None
    return Branch.objects.create(partner=partner, organisation=organisation, method=LinkMethod.SIREN)


def link_organisation(user: User, partner: Partner, siret: str) -> Branch:
    """Bring an organisation, named by its SIRET, into the partner's network by hand."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().select_related("commune").filter(siret=siret).first()
        if organisation is None or not perms.can_link_organisation(user, organisation.departement_id):
            raise Refused("Aucune structure d'accueil de vos départements ne porte ce SIRET.")
        current = Branch.objects.filter(organisation=organisation).select_related("partner").first()
        if current is not None:
            where = "de ce partenaire" if current.partner_id == partner.pk else f"de « {current.partner} »"
            raise Refused(f"« {organisation} » est déjà dans le réseau {where}.")
        Exclusion.objects.filter(partner=partner, organisation=organisation).delete()
        return Branch.objects.create(partner=partner, organisation=organisation, method=LinkMethod.HAND, linked_by=user)


def unlink_organisation(user: User, branch: Branch) -> None:
    """Take an organisation out of the network; if its SIREN is the partner's, it stays out."""
    with transaction.atomic():
        branch = Branch.objects.select_for_update().select_related("partner", "organisation__commune").get(pk=branch.pk)
        if not perms.can_link_organisation(user, branch.organisation.departement_id):
            raise Refused("Cette structure relève des référents d'un autre département.")
        if branch.partner.siren and branch.organisation.siret.startswith(branch.partner.siren):
            Exclusion.objects.get_or_create(
                partner=branch.partner, organisation=branch.organisation, defaults={"by": user}
            )
        branch.delete()


def save_agreement(user: User, agreement: Agreement, upload: Any = None, extension: str = "") -> Agreement:
    """Record or change an agreement; its signed text (a PDF checked by the form) replaces the
    previous one, which is deleted once the change is committed."""
    _manager(user)
    if agreement.pk is None:
        agreement.created_by = user
    refuse_invalid(agreement)
    previous = None
    if agreement.pk:
        previous = Agreement.objects.filter(pk=agreement.pk).values_list("file", flat=True).first() or None
    with transaction.atomic():
        if upload is None:
            agreement.save()
            return agreement
        agreement.original_name = display_name(upload.name, extension)
        agreement.content_type = PDF
        agreement.size = upload.size
        store(agreement, upload, f"convention{extension}")
        if previous:
            storage = agreement.file.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return agreement


def set_objective(
    user: User, partner: Partner, departement: Departement, posts: int | None, places: int | None
) -> None:
    _manager(user)
    if posts is None and places is None:
        raise Refused("Indiquez un objectif de postes, de places, ou les deux.")
    with transaction.atomic():
        DepartementObjective.objects.update_or_create(
            partner=partner,
            departement=departement,
            defaults={"posts": posts, "places": places, "set_by": user, "set_at": timezone.now()},
        )


def remove_objective(user: User, partner: Partner, objective_id: int) -> None:
    _manager(user)
    with transaction.atomic():
        objective = DepartementObjective.objects.filter(partner=partner, pk=objective_id).first()
        if objective is None:
            raise Refused("Cet objectif n'existe plus.")
        objective.delete()


def log_action(user: User, partner: Partner, data: dict[str, Any]) -> LocalAction:
    departement: Departement = data["departement"]
    if not perms.can_log_action(user, departement.code):
        raise Refused("Vous ne pouvez noter d'action que dans vos départements.")
    with transaction.atomic():
        return LocalAction.objects.create(partner=partner, by=user, **data)


def remove_action(user: User, action: LocalAction) -> None:
    if not (user.is_national_admin or (action.by_id == user.pk and perms.can_log_action(user, action.departement_id))):
        raise Refused("Seuls son auteur et l'ATIGIP peuvent retirer cette action.")
    with transaction.atomic():
        action.delete()


def invite_coordinator(user: User, partner: Partner, data: dict[str, Any]) -> Invitation:
    """An account of the partner's coordinator, invited by the agency; accepting the invitation
    attaches it to the partner (tig/partnerships/signals.py)."""
    _manager(user)
    email = data["email"].lower()
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise Refused(
                "Cette adresse a déjà un compte sur la plateforme : un coordinateur a un compte qui lui est propre."
            )
        invitation = Invitation(
            email=email,
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=Role.PARTNER_COORDINATOR,
            created_by=user,
        )
        accounts.send(invitation)
        CoordinatorInvitation.objects.create(invitation=invitation, partner=partner)
    return invitation


def attach_coordinator(invitation: Invitation, user: User) -> Coordinator | None:
    """The invited coordinator's account is created: attached to the partner, same transaction."""
    offer = CoordinatorInvitation.objects.filter(invitation=invitation).first()
    if offer is None:
        return None
    return Coordinator.objects.create(user=user, partner_id=offer.partner_id)


def remove_coordinator(user: User, partner: Partner, coordinator_id: int) -> None:
    """The coordinator's account closes: it has nothing else on the platform."""
    _manager(user)
    with transaction.atomic():
        coordinator = (
            Coordinator.objects.select_for_update()
            .select_related("user")
            .filter(partner=partner, pk=coordinator_id)
            .first()
        )
        if coordinator is None:
            raise Refused("Ce coordinateur n'existe plus.")
        account = coordinator.user
        coordinator.delete()
        account.is_active = False
        account.save(update_fields=["is_active"])


def delete_partner(user: User, partner: Partner) -> None:
    """A partner entered by mistake: only while nothing hangs on it (agreement, network, coordinator, action)."""
    _manager(user)
    with transaction.atomic():
        partner = Partner.objects.select_for_update().get(pk=partner.pk)
        if any(
            related.exists()
            for related in (partner.agreements, partner.branches, partner.coordinators, partner.actions)
        ):
            raise Refused(
                "Ce partenaire a des conventions, un réseau, des coordinateurs ou des actions locales : "
                "il ne peut être supprimé."
            )
        partner.delete()
