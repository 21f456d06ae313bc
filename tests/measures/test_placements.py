"""Matching and assignment: suggestions nearest first within the person's constraints, the
decision by the right person, one place taken atomically, freed at once when it ends."""

import html
import threading
from datetime import date

import pytest
from django.db import connection

from tests.accounts.factories import host_member, magistrate, pjj_director, probation_officer, spip_director
from tests.measures.factories import MeasureFactory
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.accounts.enums import MagistrateFunction
from tig.core.exceptions import Refused
from tig.measures import services
from tig.measures.enums import MeasureStatus, MedicalTrigger
from tig.measures.models import Measure, Placement
from tig.notifications.models import Notification

pytestmark = pytest.mark.django_db

SATURDAY = {"sat": {"start": "09:00", "end": "12:00"}}


def assign_data(**overrides):
    return {"tasks": "Entretien des massifs.", "schedule": "Le samedi de 9 h à 12 h.", "weekly_hours": 3, **overrides}


class TestMatching:
    def test_posts_with_a_place_nearest_first_within_the_constraints(self, client_for, team, measure):
        dijon = OrganisationFactory(commune=commune("dijon"))
        beaune = OrganisationFactory(commune=commune("beaune"))
        PostFactory(organisation=beaune, title="Loin, samedi", schedule=SATURDAY)
        PostFactory(organisation=dijon, title="Près, samedi", schedule=SATURDAY)
        PostFactory(organisation=dijon, title="Près, semaine")
        PostFactory(organisation=dijon, title="Complet, samedi", schedule=SATURDAY, places_taken=2)
        Measure.objects.filter(pk=measure.pk).update(works_weekdays=True)
        page = client_for(team["officer"]).get(f"/mesures/{measure.pk}/affectation/", {"rayon": "50"})
        assert page.status_code == 200
        text = page.text
        assert text.index("Près, samedi") < text.index("Loin, samedi")
        assert "Près, semaine" not in text and "Complet, samedi" not in text
        # The officer looks; the director decides.
        assert "Affecter sur ce poste" not in text
        assert "Affecter sur ce poste" in client_for(team["director"]).get(f"/mesures/{measure.pk}/affectation/").text

    def test_others_cannot_look_for_a_post(self, client_for, measure):
        assert client_for(probation_officer("59")).get(f"/mesures/{measure.pk}/affectation/").status_code == 404
        assert (
            client_for(magistrate(MagistrateFunction.JAP, departement_code="59"))
            .get(f"/mesures/{measure.pk}/affectation/")
            .status_code
            == 404
        )


class TestAssignment:
    def test_the_director_assigns_the_host_and_the_prosecutor_hear_of_it(self, client_for, team, measure):
        organisation = OrganisationFactory(commune=commune("dijon"))
        admin, tutor = host_member(organisation), host_member(organisation, role="tutor")
        other_tutor = host_member(organisation, role="tutor")  # of another post of the organisation
        post = PostFactory(organisation=organisation, places_offered=2)
        post.tutors.add(tutor)
        response = client_for(team["director"]).post(
            f"/mesures/{measure.pk}/affectation/poste/{post.pk}/",
            assign_data(medical_triggers=[MedicalTrigger.NIGHT_WORK]),
        )
        assert response.status_code == 302
        placement = Placement.objects.get()
        assert placement.post == post and placement.decided_by == team["director"]
        assert placement.medical_triggers == [MedicalTrigger.NIGHT_WORK]
        post.refresh_from_db()
        measure.refresh_from_db()
        assert post.places_taken == 1 and measure.status == MeasureStatus.ASSIGNED
        for user in (admin, tutor, team["prosecutor"]):
            assert Notification.objects.filter(user=user, kind="placement").exists()
        assert not Notification.objects.filter(user=other_tutor).exists()
        # The host's notification names no one and gives nothing of the measure.
        for user in (admin, tutor):
            notification = Notification.objects.get(user=user)
            for private in (measure.last_name, measure.appi_number, measure.get_kind_display()):
                assert private not in f"{notification.title} {notification.body}"
        assert "Examen médical" in client_for(team["officer"]).get(f"/mesures/{measure.pk}/").text

    def test_a_minor_always_needs_the_medical_examination(self, team):
        measure = MeasureFactory(service=team["officer"].service, is_minor=True)
        post = PostFactory(minors_allowed=True)
        from tig.measures.forms import PlacementForm

        form = PlacementForm(assign_data(), measure=measure, post=post)
        assert form.is_valid()
        assert form.cleaned_data["medical_triggers"] == [MedicalTrigger.MINOR]
        services.assign(measure, post, team["director"], **form.cleaned_data)
        assert Placement.objects.get().medical_triggers == [MedicalTrigger.MINOR]

    def test_who_may_decide(self, client_for, team, measure):
        post = PostFactory(organisation=OrganisationFactory(commune=commune("dijon")))
        url = f"/mesures/{measure.pk}/affectation/poste/{post.pk}/"
        assert client_for(team["officer"]).post(url, assign_data()).status_code == 403
        assert client_for(team["jap"]).post(url, assign_data()).status_code == 403
        assert client_for(pjj_director("21")).post(url, assign_data()).status_code == 404
        # When the judge reserved the assignment, the JAP decides and the director does not.
        Measure.objects.filter(pk=measure.pk).update(assignment_reserved=True)
        assert client_for(team["director"]).post(url, assign_data()).status_code == 403
        assert client_for(team["jap"]).post(url, assign_data()).status_code == 302
        assert Placement.objects.get().decided_by == team["jap"]

    def test_the_last_place_goes_once(self, client_for, team, measure):
        post = PostFactory(organisation=OrganisationFactory(commune=commune("dijon")), places_offered=1)
        other = MeasureFactory(service=team["officer"].service)
        client = client_for(team["director"])
        assert client.post(f"/mesures/{measure.pk}/affectation/poste/{post.pk}/", assign_data()).status_code == 302
        response = client.post(f"/mesures/{other.pk}/affectation/poste/{post.pk}/", assign_data(), follow=True)
        assert "Il ne reste plus de place" in html.unescape(response.text)
        post.refresh_from_db()
        assert post.places_taken == 1 and Placement.objects.count() == 1
        # A measure is placed once at a time.
        second = PostFactory(organisation=post.organisation)
        response = client.post(f"/mesures/{measure.pk}/affectation/poste/{second.pk}/", assign_data(), follow=True)
        assert "déjà affectée" in html.unescape(response.text)

    def test_bad_input_is_refused(self, client_for, team, measure):
        post = PostFactory(organisation=OrganisationFactory(commune=commune("dijon")))
        response = client_for(team["director"]).post(
            f"/mesures/{measure.pk}/affectation/poste/{post.pk}/", {"tasks": "", "schedule": ""}
        )
        assert response.status_code == 400 and not Placement.objects.exists()
        post.refresh_from_db()
        assert post.places_taken == 0

    def test_ending_the_placement_frees_the_place_in_search_at_once(self, client_for, team, measure):
        post = PostFactory(organisation=OrganisationFactory(commune=commune("dijon")), places_offered=1, title="Unique")
        director = client_for(team["director"])
        director.post(f"/mesures/{measure.pk}/affectation/poste/{post.pk}/", assign_data())
        search = {"lieu": "Dijon", "rayon": "10", "disponible": "on"}
        officer = client_for(team["officer"])
        assert "Unique" not in officer.get("/postes/", search).text
        assert (
            officer.post(f"/mesures/{measure.pk}/affectation/fin/", {"reason": "Fin du chantier."}).status_code == 302
        )
        post.refresh_from_db()
        measure.refresh_from_db()
        assert post.places_taken == 0 and measure.status == MeasureStatus.REFERRED
        assert Placement.objects.get().ended_at is not None
        assert "Unique" in officer.get("/postes/", search).text
        # Others cannot end it.
        assert (
            client_for(team["jap"]).post(f"/mesures/{measure.pk}/affectation/fin/", {"reason": "x"}).status_code == 403
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Deux connexions simultanées : sur PostgreSQL")
def test_two_directors_on_the_last_place_at_the_same_moment():
    director = spip_director("21")
    post = PostFactory(places_offered=1)
    measures = [MeasureFactory(service=director.service, sentence_date=date(2026, 9, 1)) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(measure):
        from django.db import connections

        try:
            barrier.wait()
            services.assign(
                measure, post, director, tasks="Tâches.", schedule="Samedi.", weekly_hours=3, medical_triggers=[]
            )
            outcomes.append("ok")
        except Refused as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(measure,)) for measure in measures]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (
        sorted(outcomes)[0]
        == "Il ne reste plus de place sur le poste « " + post.title + " » : choisissez un autre poste."
    )
    assert outcomes.count("ok") == 1
    post.refresh_from_db()
    assert post.places_taken == 1 and Placement.objects.count() == 1


class TestProposalAndDecision:
    """The officer proposes a post from the matching; the director's form starts from the proposal;
    the decision warns when the planned rate cannot reach the hours before the deadline."""

    @pytest.fixture
    def post(self):
        organisation = OrganisationFactory(commune=commune("dijon"), name="Ville de Dijon")
        post = PostFactory(
            organisation=organisation,
            title="Espaces verts",
            tasks="Tonte et désherbage.",
            schedule={"sat": {"start": "08:00", "end": "12:00"}},
            site_address="Parc de la Colombière",
        )
        tutor = host_member(organisation, role="tutor", first_name="Pascal", last_name="Renaud")
        post.tutors.add(tutor)
        return post

    def test_the_officer_proposes_and_the_director_assigns_from_the_proposal(self, client_for, team, measure, post):
        officer, director = client_for(team["officer"]), client_for(team["director"])
        matching = officer.get(f"/mesures/{measure.pk}/affectation/").text
        assert f"/mesures/{measure.pk}/affectation/poste/{post.pk}/proposer/" in matching
        assert f'href="/mesures/{measure.pk}/affectation/poste/{post.pk}/"' not in matching
        form = html.unescape(officer.get(f"/mesures/{measure.pk}/affectation/poste/{post.pk}/proposer/").text)
        assert "Tonte et désherbage." in form and "Le samedi de 8 h à 12 h" in form
        assert officer.get(f"/mesures/{measure.pk}/affectation/poste/{post.pk}/").status_code == 403
        # Who decides assigns, and proposes nothing; another département's officer finds no measure.
        propose_url = f"/mesures/{measure.pk}/affectation/poste/{post.pk}/proposer/"
        assert director.get(propose_url).status_code == 403
        assert client_for(probation_officer("59")).post(propose_url, {"tasks": "T"}).status_code == 404
        assert not measure.proposals.exists()
        officer.post(
            f"/mesures/{measure.pk}/affectation/poste/{post.pk}/proposer/",
            {"tasks": "Tonte.", "schedule": "Le samedi matin", "weekly_hours": "4", "note": "Habite à côté."},
        )
        proposal = measure.proposals.get()
        told = Notification.objects.get(user=team["director"], kind="placement")
        assert told.url == f"/mesures/{measure.pk}/affectation/poste/{post.pk}/?proposition={proposal.pk}"
        assert "Espaces verts" in director.get(f"/mesures/{measure.pk}/").text
        page = html.unescape(director.get(told.url).text)
        assert "Proposé par" in page and "Habite à côté." in page
        assert "Tonte.</textarea>" in page and 'value="Le samedi matin"' in page and 'value="4"' in page
        assert "Pascal Renaud" in page  # the post's tutor, chosen at once
        # Without a proposal, the form starts from the post.
        proposal.delete()
        page = html.unescape(director.get(f"/mesures/{measure.pk}/affectation/poste/{post.pk}/").text)
        assert "Tonte et désherbage.</textarea>" in page and "Parc de la Colombière, Dijon (21)" in page

    def test_the_decision_warns_when_the_rate_cannot_reach_the_hours(self, client_for, team, measure, post):
        director = client_for(team["director"])
        url = f"/mesures/{measure.pk}/affectation/poste/{post.pk}/"
        slow = assign_data(weekly_hours=1)  # 105 h ordered, some 39 weeks left
        response = director.post(url, slow)
        assert response.status_code == 400
        assert "À 1 h par semaine, les 105 h restantes ne tiennent pas avant l'échéance du 01/09/2027" in html.unescape(
            response.text
        )
        assert "il faudrait au moins 3 h par semaine" in html.unescape(response.text)
        assert not Placement.objects.exists()
        assert director.post(url, {**slow, "pace_confirmed": "on"}).status_code == 302
        assert Placement.objects.get().weekly_hours == 1

    def test_the_letter_names_the_host_the_tutor_and_the_first_appointment_in_the_words_of_the_measure(
        self, client_for, team, post
    ):
        import io

        import pypdf

        from tig.measures.enums import MeasureKind

        texts = {}
        for kind in (MeasureKind.TIG, MeasureKind.TNR):
            measure = MeasureFactory(
                service=team["officer"].service, officer=team["officer"], kind=kind, hours_ordered=60
            )
            client_for(team["director"]).post(
                f"/mesures/{measure.pk}/affectation/poste/{post.pk}/",
                assign_data(
                    tutor=str(post.tutors.get().pk),
                    first_appointment_at="2026-12-12T09:00",
                    first_appointment_place="Parc de la Colombière, entrée nord",
                ),
            )
            placement = measure.placements.get()
            response = client_for(team["officer"]).get(
                f"/mesures/{measure.pk}/affectations/{placement.pk}/courrier.pdf"
            )
            document = pypdf.PdfReader(io.BytesIO(response.content))
            texts[kind] = " ".join(" ".join(page.extract_text() for page in document.pages).split())
        tig, tnr = texts[MeasureKind.TIG], texts[MeasureKind.TNR]
        assert "Votre travail d'intérêt général" in tig and "60 heures de travail d'intérêt général" in tig
        assert "Votre travail non rémunéré" in tnr and "composition pénale" in tnr and "intérêt général" not in tnr
        for text in (tig, tnr):
            assert "Ville de Dijon" in text and "Votre tuteur : Pascal Renaud" in text
            assert "Premier rendez-vous : le 12/12/2026 à 09:00, Parc de la Colombière, entrée nord" in text

    def test_the_tutor_sees_the_officer_in_charge(self, client_for, team, measure, post):
        team["officer"].phone = "03 80 00 00 00"
        team["officer"].save()
        Measure.objects.filter(pk=measure.pk).update(officer=team["officer"])
        placement = services.assign(
            measure, post, team["director"], tasks="T", schedule="S", weekly_hours=3, medical_triggers=[]
        )
        tutor = post.tutors.get()
        page = client_for(tutor).get(f"/mesures/accueil/{placement.pk}/").text
        contact = page[page.index('id="conseiller"') :][:600]
        assert team["officer"].get_full_name() in contact and team["officer"].email in contact
        assert "03 80 00 00 00" in contact
