"""An organisation's sign-up and its members. Each change runs in a transaction; the
membership changes lock the organisation's row, so that two administrators demoting each
other at the same moment cannot leave the organisation without one."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tig.accounts import services as accounts
from tig.accounts.enums import Role
from tig.accounts.models import Invitation, User, departement_referents
from tig.audit.recording import acting_as
from tig.core.exceptions import Refused
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify
from tig.organisations import perms
from tig.organisations.enums import MembershipRole
from tig.organisations.models import Membership, MembershipInvitation, MembershipProposal, Organisation, SignUp
from tig.organisations.tasks import send_signup_confirmation


def request_signup(form) -> SignUp | None:
    """Keep a valid sign-up form and mail its confirmation link once committed. A new request
    never cancels a pending one (the same address may be typed by someone else); beyond
    SIGNUP_MAX_PENDING waiting for the address, nothing more is kept or sent (the page answers
    the same, so that it tells nothing)."""
    email = form.cleaned_data["email"]
    with transaction.atomic():
        waiting = SignUp.objects.filter(email=email, expires_at__gt=timezone.now()).count()
        if waiting >= settings.SIGNUP_MAX_PENDING:
            return None
        signup = form.save()
        transaction.on_commit(lambda: send_signup_confirmation.enqueue(signup.pk))
    return signup


def confirm_signup(signup_id: int) -> tuple[Organisation, User]:
    """Create the organisation, its first administrator's account and their membership
    from a confirmed sign-up, then forget the sign-up. Refused if the link has expired,
    or if the organisation or the address was registered in the meantime."""
    try:
        with transaction.atomic():
            signup = SignUp.objects.select_for_update().filter(pk=signup_id).first()
            if signup is None or signup.is_expired:
                raise Refused("Ce lien de confirmation n'est plus valable : inscrivez de nouveau la structure.")
            if Organisation.objects.filter(siret=signup.siret).exists():
                raise Refused(
                    "Une structure a été inscrite avec ce SIRET entre-temps : demandez à l'un de ses administrateurs "
                    "de vous inviter."
                )
            if User.objects.filter(email=signup.email).exists():
                raise Refused("Un compte existe déjà pour cette adresse : connectez-vous.")
            user = User(
                email=signup.email,
                first_name=signup.first_name,
                last_name=signup.last_name,
                phone=signup.phone,
                role=Role.HOST_STAFF,
                password=signup.password,
            )
            user.save()
            with acting_as(user):
                organisation = Organisation.objects.create(
                    name=signup.name,
                    siret=signup.siret,
                    legal_type=signup.legal_type,
                    address=signup.address,
                    commune=signup.commune,
                    email=signup.organisation_email,
                    phone=signup.organisation_phone,
                )
                Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.ADMIN)
                signup.delete()
                _announce_signup(organisation)
    except IntegrityError as error:  # the same SIRET or address confirmed at the same moment
        raise Refused("Cette structure ou cette adresse vient d'être inscrite : connectez-vous.") from error
    return organisation, user


def _announce_signup(organisation: Organisation) -> None:
    departement = organisation.commune.departement_id
    notify(
        departement_referents(departement),
        NotificationKind.ORGANISATION_SIGNED_UP,
        f"Nouvelle structure inscrite : {organisation.name}",
        f"{organisation.name} ({organisation.get_legal_type_display()}, {organisation.commune.label}) s'est inscrite "
        "sur la plateforme. Ses postes n'apparaîtront dans la recherche qu'une fois inscrits sur la liste "
        "départementale" + (", et la structure habilitée." if organisation.habilitation_required else "."),
        reverse("organisations:detail", args=[organisation.pk]),
    )


def invite_member(actor: User, organisation: Organisation, data: dict) -> None:
    """Offer someone access to the organisation. An existing account of host-organisation staff
    is sent a proposal to accept (`answer_proposal`); anyone else an invitation to create an
    account, which makes the membership when accepted (`accept_membership`). Either way the
    administrator reads the same answer."""
    _check_manager(actor, organisation)
    email, role = data["email"], data["role"]
    with transaction.atomic():
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            _propose(actor, existing, organisation, role)
            return
        invitation = Invitation(
            email=email,
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=Role.HOST_STAFF,
            created_by=actor,
        )
        accounts.send(invitation)
        MembershipInvitation.objects.create(invitation=invitation, organisation=organisation, role=role)


def accept_membership(sender, invitation, user: User, **kwargs) -> None:
    """The invited person's account is created (tig.accounts.signals.invitation_accepted): the
    membership the invitation offered, in the same transaction."""
    offer = MembershipInvitation.objects.filter(invitation=invitation).first()
    if offer is not None:
        Membership.objects.create(user=user, organisation_id=offer.organisation_id, role=offer.role)


# One answer for every address that cannot be given access, whatever the account behind it (a
# court, a SPIP, a lawyer, a deactivated account): the organisation learns nothing about it.
NOT_GRANTABLE = (
    "Cette adresse ne peut pas recevoir d'accès à la structure : indiquez l'adresse professionnelle de la "
    "personne dans la structure, ou demandez au référent territorial."
)


def _propose(actor: User, user: User, organisation: Organisation, role: str) -> MembershipProposal:
    if not user.is_host_staff or not user.is_active:
        raise Refused(NOT_GRANTABLE)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise Refused(f"{user.get_full_name()} est déjà membre de la structure.")
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    if MembershipProposal.objects.pending().filter(user=user, organisation=organisation).exists():
        raise Refused("Une invitation est déjà en attente pour cette adresse.")
    # An expired proposal never answered is closed, so that a new one can be made.
    MembershipProposal.objects.filter(user=user, organisation=organisation, answered_at__isnull=True).update(
        answered_at=timezone.now()
    )
    proposal = MembershipProposal.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS),
    )
    notify(
        [user],
        NotificationKind.MEMBERSHIP,
        f"Invitation à rejoindre {organisation.name}",
        f"{actor.get_full_name()} vous propose d'accéder à {organisation.name} en tant que "
        f"{MembershipRole(role).label.lower()}. Acceptez ou refusez depuis la plateforme.",
        reverse("organisations:proposal", args=[proposal.pk]),
    )
    return proposal


def answer_proposal(user: User, proposal_id: int, *, accept: bool) -> MembershipProposal:
    """The holder of the account accepts (the membership is made) or declines; the person who
    proposed it hears of the answer."""
    with transaction.atomic():
        proposal = (
            MembershipProposal.objects.select_for_update()
            .select_related("organisation", "created_by")
            .filter(pk=proposal_id, user=user)
            .first()
        )
        if proposal is None:
            raise Refused("Cette invitation ne vous est pas adressée.")
        if proposal.answered_at is not None or proposal.expires_at <= timezone.now():
            raise Refused("Cette invitation n'est plus valable : demandez à la structure de vous inviter à nouveau.")
        proposal.answered_at, proposal.accepted = timezone.now(), accept
        proposal.save(update_fields=["answered_at", "accepted"])
        organisation = proposal.organisation
        if accept:
            Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": proposal.role})
        notify(
            [proposal.created_by],
            NotificationKind.MEMBERSHIP,
            f"{user.get_full_name()} a {'accepté' if accept else 'refusé'} de rejoindre {organisation.name}",
            url=reverse("organisations:members", args=[organisation.pk]),
        )
    return proposal


def _lock(organisation: Organisation, membership_id: int) -> Membership:
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    membership = Membership.objects.select_related("user").filter(pk=membership_id, organisation=organisation).first()
    if membership is None:
        raise Refused("Cette personne n'est plus membre de la structure.")
    return membership


def _check_another_admin(organisation: Organisation, membership: Membership) -> None:
    if membership.role != MembershipRole.ADMIN:
        return
    others = Membership.objects.filter(organisation=organisation, role=MembershipRole.ADMIN, user__is_active=True)
    if not others.exclude(pk=membership.pk).exists():
        raise Refused(
            f"{membership.user.get_full_name()} est le dernier administrateur de la structure : nommez d'abord "
            "un autre administrateur."
        )


def _check_manager(actor: User, organisation: Organisation) -> None:
    if not perms.can_manage_members(actor, organisation):
        raise Refused("Seuls les administrateurs de la structure, ses référents et l'ATIGIP gèrent ses membres.")


def change_role(actor: User, organisation: Organisation, membership_id: int, role: str) -> Membership:
    _check_manager(actor, organisation)
    with transaction.atomic():
        membership = _lock(organisation, membership_id)
        if membership.role == role:
            return membership
        if role != MembershipRole.ADMIN:
            _check_another_admin(organisation, membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(actor: User, organisation: Organisation, membership_id: int) -> Membership:
    """End a membership. The account stays, without access to the organisation (an account
    of host-organisation staff sees nothing but its organisations)."""
    _check_manager(actor, organisation)
    with transaction.atomic():
        membership = _lock(organisation, membership_id)
        _check_another_admin(organisation, membership)
        membership.delete()
    return membership
