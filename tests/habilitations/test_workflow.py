"""The two procedures end to end through the views, and their refusals."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.factories import host_member, magistrate, pjj_director, probation_officer, referent, spip_director
from tests.habilitations.factories import (
    DossierFactory,
    association,
    awaiting_decision,
    board_member,
    granted_habilitation,
)
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tig.accounts.enums import MagistrateFunction
from tig.audit.enums import Operation
from tig.audit.models import AuditEntry
from tig.habilitations.enums import Audience, DossierKind, DossierStatus, OpinionAuthority
from tig.habilitations.models import Dossier
from tig.notifications.models import Email, Notification
from tig.posts.enums import PostStatus, Registration

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


def pdf(name="statuts.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def people(db):
    organisation = association(name="Recyclerie du Grand Dijon")
    return {
        "organisation": organisation,
        "admin": host_member(organisation),
        "referent": referent("21"),
        "prosecutor": magistrate(MagistrateFunction.PROSECUTOR),
        "jap": magistrate(MagistrateFunction.JAP),
        "director": spip_director("21"),
    }


def search_titles(client):
    return client.get("/postes/", {"lieu": "Dijon", "rayon": "10"}).text


def test_an_association_is_habilitated_then_registers_a_post_that_then_appears_in_search(
    people, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    organisation = people["organisation"]
    admin, ref = client_for(people["admin"]), client_for(people["referent"])
    post = PostFactory(
        organisation=organisation, title="Atelier de réparation de vélos", registration=Registration.UNREGISTERED
    )
    officer = client_for(probation_officer())
    assert "Atelier de réparation de vélos" not in search_titles(officer)

    # The application, step by step, each step saved.
    response = admin.post(
        f"/dossiers/structure/{organisation.pk}/habilitation/",
        {"departement": "21", "audience": Audience.ADULTS, "presentation": "Réemploi et réparation."},
    )
    dossier = Dossier.objects.get(organisation=organisation, kind=DossierKind.HABILITATION)
    assert response["Location"] == f"/dossiers/{dossier.pk}/etape/personnes/"
    admin.post(
        f"/dossiers/{dossier.pk}/etape/personnes/",
        {
            "last_name": "Garnier",
            "first_names": "Bruno",
            "birth_date": "1971-04-02",
            "birth_place": "Beaune (21)",
            "nationality": "française",
            "function": "Président",
        },
    )
    for kind in ("statutes", "establishments"):
        admin.post(f"/dossiers/{dossier.pk}/etape/pieces/", {"kind": kind, "file": pdf(f"{kind}.pdf")})
    # Incomplete: the minutes of the general assembly are missing.
    response = admin.post(f"/dossiers/{dossier.pk}/etape/envoi/", follow=True)
    assert "Procès-verbal de la dernière assemblée générale" in response.text
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT
    admin.post(f"/dossiers/{dossier.pk}/etape/pieces/", {"kind": "agm_minutes", "file": pdf("pv.pdf")})
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/dossiers/{dossier.pk}/etape/envoi/")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert Notification.objects.filter(user=people["referent"], url=f"/dossiers/{dossier.pk}/").exists()
    assert any(people["referent"].email in message.to for message in mailoutbox)

    # The referent asks for a change; the association completes and files again.
    assert str(dossier.reference) in ref.get("/dossiers/").text
    ref.post(f"/dossiers/{dossier.pk}/modifications/", {"message": "Joignez les statuts signés."})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.CHANGES_REQUESTED
    assert "Joignez les statuts signés." in admin.get("/notifications/").text
    admin.post(f"/dossiers/{dossier.pk}/etape/pieces/", {"kind": "statutes", "file": pdf("statuts-signes.pdf")})
    admin.post(f"/dossiers/{dossier.pk}/etape/envoi/")

    # Opinions requested from the tribunal; the director cannot decide yet.
    tribunal = people["jap"].service
    ref.post(f"/dossiers/{dossier.pk}/demande-avis/", {"tribunal": tribunal.pk})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.OPINIONS_REQUESTED and dossier.tribunal == tribunal
    director = client_for(people["director"])
    refused = director.post(f"/dossiers/{dossier.pk}/decision/", {"decision": "granted", "reason": "Trop tôt."})
    assert refused.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.OPINIONS_REQUESTED
    assert "Un avis manque encore" in director.get(f"/dossiers/{dossier.pk}/").text

    for key in ("prosecutor", "jap"):
        assert dossier.reference in client_for(people[key]).get("/dossiers/").text
        client_for(people[key]).post(
            f"/dossiers/{dossier.pk}/avis/", {"verdict": "favorable", "reason": "Structure sérieuse."}
        )
    assert set(dossier.opinions.values_list("authority", flat=True)) == set(OpinionAuthority)
    with django_capture_on_commit_callbacks(execute=True):
        director.post(f"/dossiers/{dossier.pk}/decision/", {"decision": "granted", "reason": "Utilité sociale."})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.GRANTED
    assert (dossier.valid_until - dossier.valid_from).days in (1825, 1826)
    assert Notification.objects.filter(user=people["admin"], kind="decision").exists()
    pdf_response = admin.get(f"/dossiers/{dossier.pk}/decision.pdf")
    assert pdf_response.status_code == 200 and pdf_response.content.startswith(b"%PDF")
    # The habilitated host's post is still not in search: it is not registered.
    post.refresh_from_db()
    assert post.host_habilitated and not post.listed

    # Registration of the post, decided after both opinions.
    admin.post(f"/dossiers/poste/{post.pk}/inscription/")
    registration = Dossier.objects.get(kind=DossierKind.REGISTRATION, post=post)
    admin.post(
        f"/dossiers/{registration.pk}/etape/demande/",
        {"presentation": "Réparation de vélos donnés, encadrée par un salarié.", "places": "2"},
    )
    admin.post(
        f"/dossiers/{registration.pk}/etape/personnes/",
        {
            "last_name": "Roux",
            "first_names": "Léa",
            "birth_date": "1985-06-30",
            "birth_place": "Dijon (21)",
            "function": "Encadrante technique",
        },
    )
    admin.post(f"/dossiers/{registration.pk}/etape/envoi/")
    ref.post(f"/dossiers/{registration.pk}/demande-avis/", {"tribunal": tribunal.pk})
    for key in ("prosecutor", "jap"):
        client_for(people[key]).post(f"/dossiers/{registration.pk}/avis/", {"verdict": "favorable", "reason": "R."})
    assert "Atelier de réparation de vélos" not in search_titles(officer)
    director.post(f"/dossiers/{registration.pk}/decision/", {"decision": "granted", "reason": "Insertion."})
    post.refresh_from_db()
    assert post.registration == Registration.REGISTERED and post.listed
    assert "Atelier de réparation de vélos" in search_titles(officer)
    # The people on the file and the e-mails stay out of the audit log's values; its consultations are in.
    assert AuditEntry.objects.filter(object_type="habilitations.dossier", operation=Operation.READ).exists()


def test_a_private_host_cannot_register_without_a_habilitation_or_a_pending_request(people, client_for):
    post = PostFactory(organisation=people["organisation"], registration=Registration.UNREGISTERED)
    admin = client_for(people["admin"])
    admin.post(f"/dossiers/poste/{post.pk}/inscription/")
    registration = Dossier.objects.get(post=post)
    board_member(registration, role="post_responsible")
    response = admin.post(f"/dossiers/{registration.pk}/etape/envoi/", follow=True)
    assert "déposez d'abord votre demande d'habilitation" in unescape(response.text)
    registration.refresh_from_db()
    assert registration.status == DossierStatus.DRAFT


class TestWhoDecides:
    def test_no_decision_before_the_delay_when_an_opinion_is_missing(self, people, client_for):
        dossier = awaiting_decision(organisation=people["organisation"], days_ago=20, tribunal=people["jap"].service)
        client_for(people["jap"]).post(f"/dossiers/{dossier.pk}/avis/", {"verdict": "favorable", "reason": "R."})
        response = client_for(people["director"]).post(
            f"/dossiers/{dossier.pk}/decision/", {"decision": "granted", "reason": "R."}, follow=True
        )
        assert "la décision n'est possible qu'à partir du" in unescape(response.text)
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.OPINIONS_REQUESTED

    def test_after_the_delay_the_director_decides_without_the_missing_opinion(self, people, client_for):
        dossier = awaiting_decision(organisation=people["organisation"], days_ago=32, tribunal=people["jap"].service)
        client_for(people["director"]).post(
            f"/dossiers/{dossier.pk}/decision/", {"decision": "refused", "reason": "R."}
        )
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.REFUSED

    def test_a_director_of_another_departement_cannot_decide(self, people, client_for):
        dossier = awaiting_decision(organisation=people["organisation"], days_ago=40, tribunal=people["jap"].service)
        other = client_for(spip_director("71"))
        assert other.get(f"/dossiers/{dossier.pk}/").status_code == 404
        assert (
            other.post(f"/dossiers/{dossier.pk}/decision/", {"decision": "granted", "reason": "R"}).status_code == 404
        )
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.OPINIONS_REQUESTED

    def test_files_for_minors_are_decided_by_the_pjj_director_not_the_spip(self, people, client_for):
        dossier = awaiting_decision(
            organisation=people["organisation"], days_ago=40, tribunal=people["jap"].service, audience=Audience.MINORS
        )
        spip = client_for(people["director"])
        assert spip.post(f"/dossiers/{dossier.pk}/decision/", {"decision": "granted", "reason": "R"}).status_code == 403
        client_for(pjj_director("21")).post(f"/dossiers/{dossier.pk}/decision/", {"decision": "granted", "reason": "R"})
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.GRANTED

    def test_a_magistrate_of_another_tribunal_or_function_gives_no_opinion(self, people, client_for):
        dossier = awaiting_decision(organisation=people["organisation"], tribunal=people["jap"].service)
        for user in (magistrate(MagistrateFunction.JAP, "71"), magistrate(MagistrateFunction.TRIAL_JUDGE)):
            response = client_for(user).post(f"/dossiers/{dossier.pk}/avis/", {"verdict": "favorable", "reason": "R"})
            # Neither may read the file: its existence stays secret (404, not 403).
            assert response.status_code == 404
        assert not dossier.opinions.exists()

    def test_a_referent_of_another_departement_neither_reads_nor_reviews(self, people, client_for):
        dossier = DossierFactory(organisation=people["organisation"], status=DossierStatus.SUBMITTED)
        other = client_for(referent("71"))
        assert other.get(f"/dossiers/{dossier.pk}/").status_code == 404
        response = other.post(f"/dossiers/{dossier.pk}/modifications/", {"message": "Non."})
        assert response.status_code == 404
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.SUBMITTED

    def test_tutors_and_lawyers_cannot_start_a_habilitation_file(self, people, client_for):
        from tests.accounts.factories import lawyer

        url = f"/dossiers/structure/{people['organisation'].pk}/habilitation/"
        data = {"departement": "21", "audience": Audience.ADULTS, "presentation": "P"}
        tutor = host_member(people["organisation"], role="tutor")
        assert client_for(tutor).post(url, data).status_code == 403
        assert client_for(lawyer()).post(url, data).status_code == 403
        assert not Dossier.objects.exists()

    def test_an_opinion_is_given_once(self, people, client_for):
        dossier = awaiting_decision(organisation=people["organisation"], tribunal=people["jap"].service)
        jap = client_for(people["jap"])
        jap.post(f"/dossiers/{dossier.pk}/avis/", {"verdict": "favorable", "reason": "R"})
        assert jap.post(f"/dossiers/{dossier.pk}/avis/", {"verdict": "unfavorable", "reason": "R"}).status_code == 403
        assert dossier.opinions.get().verdict == "favorable"

    def test_a_decision_without_reasons_is_refused_with_a_message(self, people, client_for):
        dossier = awaiting_decision(organisation=people["organisation"], days_ago=40, tribunal=people["jap"].service)
        response = client_for(people["director"]).post(f"/dossiers/{dossier.pk}/decision/", {"decision": "granted"})
        assert response.status_code == 400
        assert "Ce champ est obligatoire" in response.text


class TestWhoReads:
    def test_another_organisation_cannot_read_the_file_or_its_documents(self, people, client_for):
        admin = client_for(people["admin"])
        admin.post(
            f"/dossiers/structure/{people['organisation'].pk}/habilitation/",
            {"departement": "21", "audience": Audience.ADULTS, "presentation": "P"},
        )
        dossier = Dossier.objects.get()
        admin.post(f"/dossiers/{dossier.pk}/etape/pieces/", {"kind": "statutes", "file": pdf()})
        document = dossier.documents.get()
        stranger = client_for(host_member(association()))
        assert stranger.get(f"/dossiers/{dossier.pk}/").status_code == 404
        assert stranger.get(f"/dossiers/pieces/{document.pk}/").status_code == 404
        assert stranger.get(f"/dossiers/{dossier.pk}/etape/personnes/").status_code == 404
        downloaded = admin.get(f"/dossiers/pieces/{document.pk}/")
        assert downloaded.status_code == 200 and b"".join(downloaded.streaming_content) == PDF
        assert AuditEntry.objects.filter(object_type="habilitations.document", operation=Operation.READ).count() == 1

    def test_a_tutor_of_the_organisation_does_not_read_its_files(self, people, client_for):
        dossier = granted_habilitation(people["organisation"])
        tutor = client_for(host_member(people["organisation"], role="tutor"))
        assert tutor.get(f"/dossiers/{dossier.pk}/").status_code == 404

    def test_lawyers_and_officers_see_no_files(self, people, client_for):
        from tests.accounts.factories import lawyer

        dossier = granted_habilitation(people["organisation"])
        for user in (lawyer(), probation_officer()):
            assert client_for(user).get(f"/dossiers/{dossier.pk}/").status_code == 404

    def test_a_submitted_file_can_no_longer_be_edited_by_the_organisation(self, people, client_for):
        dossier = awaiting_decision(organisation=people["organisation"])
        response = client_for(people["admin"]).get(f"/dossiers/{dossier.pk}/etape/demande/")
        assert response.status_code == 403


class TestHabilitationAndSearch:
    def test_withdrawal_takes_the_posts_out_of_search(self, people, client_for):
        dossier = granted_habilitation(people["organisation"], tribunal=people["jap"].service)
        post = PostFactory(organisation=people["organisation"])
        post.refresh_from_db()
        assert post.listed
        client_for(people["director"]).post(f"/dossiers/{dossier.pk}/retrait/", {"reason": "Manquements graves."})
        post.refresh_from_db()
        assert not post.host_habilitated and not post.listed

    def test_a_habilitation_covers_its_departement_only(self, people):
        granted_habilitation(people["organisation"])
        from tests.territories.factories import commune

        elsewhere = PostFactory(organisation=people["organisation"], commune=commune("macon"))
        elsewhere.refresh_from_db()
        assert not elsewhere.listed

    def test_public_bodies_need_no_habilitation(self):
        post = PostFactory()
        post.refresh_from_db()
        assert post.host_habilitated and post.listed

    def test_a_draft_post_with_registration_is_still_not_in_search(self, people):
        granted_habilitation(people["organisation"])
        post = PostFactory(organisation=people["organisation"], status=PostStatus.DRAFT)
        post.refresh_from_db()
        assert not post.listed


def test_the_decision_is_mailed_with_its_letter_to_the_prefecture_and_the_tribunal(
    people, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from tig.habilitations.models import PrefectureContact

    PrefectureContact.objects.create(departement_id="21", email="pref21@exemple.test")
    tribunal = people["jap"].service
    tribunal.email = "presidence.tj-dijon@exemple.test"
    tribunal.save()
    dossier = awaiting_decision(organisation=people["organisation"], days_ago=40, tribunal=tribunal)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people["director"]).post(
            f"/dossiers/{dossier.pk}/decision/", {"decision": "granted", "reason": "Utilité sociale."}
        )
    outside = [message for message in mailoutbox if message.to[0] in {"pref21@exemple.test", tribunal.email}]
    assert len(outside) == 2
    assert all(message.attachments[0][2] == "application/pdf" for message in outside)
    assert not Email.objects.exclude(status="sent").exists()


@pytest.mark.parametrize("granted", [True, False])
def test_a_registered_posts_revision_goes_through_registration_while_the_post_stays_in_search(
    people, client_for, granted
):
    """R16: the host adds places and changes the tasks; the registered version stays in search;
    the decision applies the revision, or the refusal drops it."""
    from tig.organisations.enums import LegalType

    town = OrganisationFactory(name="Ville de Chenôve", legal_type=LegalType.COLLECTIVITE)
    post = PostFactory(organisation=town, title="Entretien des parcs", places_offered=2, tasks="Tonte.")
    host, ref = client_for(host_member(town)), client_for(people["referent"])
    officer = client_for(probation_officer())
    data = {
        "title": post.title,
        "domain": post.domain,
        "tasks": "Tonte et taille des haies.",
        "commune": post.commune.label,
        "lat": str(post.lat),
        "lon": str(post.lon),
        "places_offered": "4",
        "places_taken": "0",
        "accepts_tig": "on",
        "physical_effort": "moderate",
        "status": "active",
        "mon_start": "08:30",
        "mon_end": "12:00",
    }
    assert host.post(f"/postes/{post.pk}/modifier/", data).status_code == 302
    assert "Entretien des parcs" in search_titles(officer)
    assert "2 places" in officer.get(f"/postes/{post.pk}/").text

    host.post(f"/dossiers/poste/{post.pk}/inscription/")
    dossier = Dossier.objects.get(kind=DossierKind.REGISTRATION, post=post)
    assert dossier.revision == post.revisions.get() and dossier.places == 4
    assert dossier.presentation == "Tonte et taille des haies."
    host.post(
        f"/dossiers/{dossier.pk}/etape/personnes/",
        {
            "last_name": "Roux",
            "first_names": "Léa",
            "birth_date": "1985-06-30",
            "birth_place": "Dijon (21)",
            "function": "Chef d'équipe",
        },
    )
    host.post(f"/dossiers/{dossier.pk}/etape/envoi/")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED and dossier.revision.submitted_at is not None
    tribunal = people["jap"].service
    ref.post(f"/dossiers/{dossier.pk}/demande-avis/", {"tribunal": tribunal.pk})
    for key in ("prosecutor", "jap"):
        client_for(people[key]).post(f"/dossiers/{dossier.pk}/avis/", {"verdict": "favorable", "reason": "R."})
    director = client_for(people["director"])
    page = unescape(director.get(f"/dossiers/{dossier.pk}/").text)
    assert "Modification d'un poste déjà inscrit" in page and "Tonte et taille des haies." in page
    decision = "granted" if granted else "refused"
    director.post(f"/dossiers/{dossier.pk}/decision/", {"decision": decision, "reason": "Motifs."})
    post.refresh_from_db()
    assert post.listed and post.registration == Registration.REGISTERED
    if granted:
        assert (post.places_offered, post.places_registered, post.tasks) == (4, 4, "Tonte et taille des haies.")
        assert "4 places" in officer.get(f"/postes/{post.pk}/").text
    else:
        assert (post.places_offered, post.tasks) == (2, "Tonte.")
    assert post.revisions.get().status == ("applied" if granted else "dropped")
