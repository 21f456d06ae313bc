"""The steps of the prospecting (tig/prospecting/services.py): what each requires, what it
refuses with nothing saved, and the moves the platform makes by itself."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.accounts.factories import national_admin, referent
from tests.habilitations.factories import DossierFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.prospecting.factories import TargetFactory, town_hall
from tests.territories.factories import commune
from tig.audit.models import AuditEntry
from tig.core.exceptions import Refused
from tig.habilitations.enums import DossierKind, DossierStatus
from tig.notifications.models import Email
from tig.organisations.enums import LegalType
from tig.posts.enums import Registration
from tig.prospecting import services
from tig.prospecting.enums import AbandonReason, InteractionKind, Stage
from tig.prospecting.models import StageChange, Target

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + timedelta(days=7)


def test_an_exchange_makes_the_target_contacted_and_sets_what_comes_next():
    user = referent("21")
    target = town_hall("dijon")
    services.log_interaction(
        user,
        target,
        kind=InteractionKind.CALL,
        happened_on=timezone.localdate(),
        summary="Le DGS est intéressé.",
        next_step="Envoyer la plaquette",
        next_step_on=SOON,
    )
    target.refresh_from_db()
    assert target.stage == Stage.CONTACTED
    assert (target.next_step, target.next_step_on) == ("Envoyer la plaquette", SOON)
    assert target.assigned_to == user  # the first referent who works it, when nobody had it
    change = StageChange.objects.get(target=target)
    assert (change.from_stage, change.to_stage, change.by, change.automatic) == (
        Stage.TO_CONTACT,
        Stage.CONTACTED,
        user,
        False,
    )
    assert AuditEntry.objects.filter(object_type="prospecting.interaction").exists()


@pytest.mark.parametrize(
    ("next_step", "day", "message"),
    [
        ("", SOON, "prochaine étape"),
        ("Rappeler", None, "prochaine étape"),
        ("Rappeler", timezone.localdate() - timedelta(days=1), "passée"),
    ],
)
def test_nothing_stalls_a_next_step_with_its_date_is_required(next_step, day, message):
    user = referent("21")
    target = town_hall("dijon")
    with pytest.raises(Refused, match=message):
        services.log_interaction(
            user,
            target,
            kind=InteractionKind.CALL,
            happened_on=timezone.localdate(),
            summary="Appel.",
            next_step=next_step,
            next_step_on=day,
        )
    target.refresh_from_db()
    assert target.stage == Stage.TO_CONTACT and not target.interactions.exists()  # nothing half-done


def test_an_exchange_cannot_be_in_the_future():
    with pytest.raises(Refused, match="à venir"):
        services.log_interaction(
            referent("21"),
            town_hall("dijon"),
            kind=InteractionKind.MEETING,
            happened_on=SOON,
            summary="RDV.",
            next_step="Rappeler",
            next_step_on=SOON,
        )


def test_the_later_stages_are_not_set_by_hand_and_abandoning_needs_a_reason():
    user = referent("21")
    target = town_hall("dijon")
    with pytest.raises(Refused, match="par la structure elle-même"):
        services.move(user, target, Stage.GRANTED, next_step="x", next_step_on=SOON)
    with pytest.raises(Refused, match="raison"):
        services.move(user, target, Stage.ABANDONED)
    services.move(user, target, Stage.MEETING, next_step="Rencontrer le maire", next_step_on=SOON)
    services.move(user, target, Stage.ABANDONED, reason=AbandonReason.NO_TUTOR)
    target.refresh_from_db()
    assert target.stage == Stage.ABANDONED and target.next_step_on is None
    assert list(target.stage_changes.values_list("to_stage", flat=True)) == [Stage.ABANDONED, Stage.MEETING]
    with pytest.raises(Refused, match="plus en cours"):
        services.set_next_step(user, target, "Rappeler", SOON)


def test_another_departements_referent_is_refused_everything():
    target = town_hall("dijon")
    outsider = referent("59")
    for step in (
        lambda: services.move(outsider, target, Stage.CONTACTED, next_step="x", next_step_on=SOON),
        lambda: services.set_next_step(outsider, target, "x", SOON),
        lambda: services.invite(outsider, target, "mairie@dijon.test"),
        lambda: services.assign(outsider, target, outsider),
    ):
        with pytest.raises(Refused, match="autre département"):
            step()
    target.refresh_from_db()
    assert target.stage == Stage.TO_CONTACT and target.assigned_to is None and target.invited_at is None


def test_a_target_goes_to_a_referent_of_its_departement_and_is_handed_over():
    agency = national_admin()
    leaving, staying, elsewhere = referent("21"), referent("21"), referent("59")
    targets = [town_hall("dijon"), town_hall("beaune")]
    for target in targets:
        services.assign(agency, target, leaving)
    with pytest.raises(Refused, match="référent de son département"):
        services.assign(agency, targets[0], elsewhere)
    with pytest.raises(Refused, match="successeur"):
        services.hand_over(agency, leaving, elsewhere, "21")
    assert services.hand_over(agency, leaving, staying, "21") == 2
    assert set(Target.objects.values_list("assigned_to", flat=True)) == {staying.pk}


def test_the_invitation_goes_with_the_sign_up_filled_in(django_capture_on_commit_callbacks):
    user = referent("21")
    target = town_hall("dijon", address="Place de la Libération, 21000 Dijon")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(user, target, "mairie@dijon.test", "Au plaisir d'en parler.")
    target.refresh_from_db()
    assert target.stage == Stage.CONTACTED and target.invited_email == "mairie@dijon.test"
    email = Email.objects.get(to="mairie@dijon.test")
    assert "/structures/inscription/?nom=Mairie+de+Dijon" in email.body
    assert "statut=collectivite" in email.body and "Au plaisir d'en parler." in email.body
    assert target.interactions.get().kind == InteractionKind.EMAIL
    assert len(mail.outbox) == 1


class TestTheAutomaticMoves:
    def test_sign_up_file_decision_and_first_post(self):
        target = town_hall("dijon", siren="212102311")
        organisation = OrganisationFactory(
            name="Ville de Dijon", siret="21210231100019", legal_type=LegalType.COLLECTIVITE, commune=commune("dijon")
        )
        target.refresh_from_db()
        assert (target.organisation, target.stage, target.siret) == (organisation, Stage.SIGNED_UP, "21210231100019")
        dossier = DossierFactory(kind=DossierKind.REGISTRATION, organisation=organisation)  # a draft
        target.refresh_from_db()
        assert target.stage == Stage.SIGNED_UP
        dossier.status = DossierStatus.SUBMITTED
        dossier.save()
        target.refresh_from_db()
        assert target.stage == Stage.FILED
        dossier.status = DossierStatus.GRANTED
        dossier.save()
        target.refresh_from_db()
        assert target.stage == Stage.GRANTED
        post = PostFactory(organisation=organisation, registration=Registration.UNREGISTERED, places_registered=None)
        target.refresh_from_db()
        assert target.stage == Stage.GRANTED  # not in search yet
        post.registration = Registration.REGISTERED
        post.places_registered = post.places_offered
        post.save()
        target.refresh_from_db()
        assert target.stage == Stage.ACTIVE and target.next_step_on is None
        changes = list(target.stage_changes.order_by("at", "id").values_list("to_stage", "automatic"))
        assert changes == [(s, True) for s in (Stage.SIGNED_UP, Stage.FILED, Stage.GRANTED, Stage.ACTIVE)]

    def test_only_forward_and_an_abandoned_target_comes_back(self):
        user = referent("21")
        target = town_hall("dijon", siren="212102311")
        services.move(user, target, Stage.ABANDONED, reason=AbandonReason.NO_ANSWER)
        organisation = OrganisationFactory(siret="21210231100019", commune=commune("dijon"))
        target.refresh_from_db()
        assert target.stage == Stage.SIGNED_UP and target.abandon_reason == ""
        PostFactory(organisation=organisation)
        DossierFactory(kind=DossierKind.REGISTRATION, organisation=organisation, status=DossierStatus.SUBMITTED)
        target.refresh_from_db()
        assert target.stage == Stage.ACTIVE  # a file filed after a post in search moves nothing back

    def test_the_match_siret_then_siren_in_the_departement_then_name_and_commune(self):
        by_siret = TargetFactory(name="Autre nom", siret="21210231100019")
        by_siren = town_hall("dijon", siren="212102311")
        OrganisationFactory(name="Ville de Dijon", siret="21210231100019", commune=commune("dijon"))
        assert Target.objects.get(pk=by_siret.pk).stage == Stage.SIGNED_UP
        assert Target.objects.get(pk=by_siren.pk).organisation is None
        by_name = TargetFactory(name="Les Restos du Cœur", commune=commune("beaune"))
        TargetFactory(name="Les Restos du Cœur", commune=commune("dijon"))  # another commune
        OrganisationFactory(name="LES RESTOS DU COEUR", commune=commune("beaune"))
        assert Target.objects.get(pk=by_name.pk).stage == Stage.SIGNED_UP
        assert Target.objects.filter(organisation__isnull=False).count() == 2

    def test_no_target_no_move(self):
        organisation = OrganisationFactory()
        assert not Target.objects.filter(organisation=organisation).exists()


def test_linked_targets_move_by_themselves_only():
    target = town_hall("dijon", siren="212102311")
    OrganisationFactory(siret="21210231100019", commune=commune("dijon"))
    with pytest.raises(Refused, match="suit désormais"):
        services.move(referent("21"), target, Stage.MEETING, next_step="x", next_step_on=SOON)


def test_a_target_linked_by_hand_catches_up_with_its_organisation():
    user = referent("21")
    target = town_hall("dijon", siren="212102313")
    organisation = OrganisationFactory(name="Ville de Dijon", siret="21210231800017", commune=commune("beaune"))
    target.refresh_from_db()
    assert target.organisation is None  # another SIREN: not recognised
    PostFactory(organisation=organisation)
    with pytest.raises(Refused, match="Aucune structure"):
        services.link_organisation(user, target, "00000000000000")
    with pytest.raises(Refused, match="autre département"):
        services.link_organisation(referent("59"), target, organisation.siret)
    services.link_organisation(user, target, organisation.siret)
    target.refresh_from_db()
    assert (target.organisation, target.stage) == (organisation, Stage.ACTIVE)
    other = TargetFactory()
    with pytest.raises(Refused, match="autre cible"):
        services.link_organisation(user, other, organisation.siret)


def test_the_contacts_of_a_long_abandoned_target_are_purged(settings):
    from tig.prospecting.models import Contact
    from tig.prospecting.tasks import purge_abandoned_contacts

    settings.PROSPECTING_CONTACTS_RETENTION_MONTHS = 12
    user = referent("21")
    old, recent, open_ = town_hall("dijon"), town_hall("beaune"), town_hall("chenove")
    for target in (old, recent, open_):
        Contact.objects.create(target=target, name="Secrétariat", email="secretariat@mairie.test")
    for target in (old, recent):
        services.move(user, target, Stage.ABANDONED, reason=AbandonReason.NOT_INTERESTED)
    Target.objects.filter(pk=old.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=400), invited_email="maire@mairie.test"
    )
    assert purge_abandoned_contacts.call() == 1
    assert list(Contact.objects.values_list("target", flat=True).order_by("target")) == sorted([recent.pk, open_.pk])
    assert Target.objects.get(pk=old.pk).invited_email == ""
    assert AuditEntry.objects.filter(object_type="prospecting.contact", operation="suppression").count() == 1
