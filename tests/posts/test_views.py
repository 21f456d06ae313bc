import gzip
import html
import json
import re

import pytest
import time_machine
from django.test import Client

from tests.accounts.factories import (
    host_member,
    lawyer,
    magistrate,
    national_admin,
    probation_officer,
    referent,
    spip_director,
)
from tests.organisations.factories import OrganisationFactory
from tests.posts.factories import PostFactory
from tests.territories.factories import commune
from tig.audit.models import AuditEntry, Operation
from tig.posts.enums import PostStatus, Registration
from tig.posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def dijon():
    return commune("dijon")


@pytest.fixture
def organisation(dijon):
    return OrganisationFactory(commune=dijon, name="Ville de Dijon")


class TestSearchPage:
    def test_needs_an_account(self, client):
        response = client.get("/postes/", {"lieu": "Dijon"})
        assert response.status_code == 302
        assert response["Location"] == "/connexion/?next=/postes/%3Flieu%3DDijon"

    def test_results_with_count_distance_and_places(self, client_for, dijon, organisation):
        commune("chenove")
        PostFactory(organisation=organisation, title="Entretien des parcs", places_offered=3, places_taken=1)
        PostFactory(
            organisation=organisation,
            commune=commune("chenove"),
            title="Épicerie solidaire",
            places_offered=1,
            places_taken=1,
        )
        response = client_for(probation_officer()).get("/postes/", {"lieu": "Dijon", "rayon": "20"})
        assert response.status_code == 200
        text = response.text
        assert "2 postes trouvés à moins de 20 km de Dijon (21)" in text
        assert text.index("Entretien des parcs") < text.index("Épicerie solidaire")
        assert "2 places disponibles sur 3" in text
        assert "Complet (1 place)" in text
        assert "à 4,2 km" in text

    def test_the_url_is_the_search(self, client_for, dijon, organisation):
        """Reopening the same URL (shared, bookmarked) gives the same page."""
        PostFactory(organisation=organisation, title="Un poste", minors_allowed=True)
        PostFactory(organisation=organisation, title="Un autre")
        client = client_for(lawyer())
        url = "/postes/?lieu=Dijon+%2821%29&rayon=10&mineurs=on"
        first, again = client.get(url), client_for(lawyer()).get(url)
        assert "1 poste trouvé à moins de 10 km" in first.text
        assert first.text.count("Un poste") == again.text.count("Un poste") == 1
        assert "Un autre" not in again.text

    def test_back_to_the_results_returns_to_the_same_page(self, client_for, dijon, organisation):
        for index in range(25):
            PostFactory(organisation=organisation, title=f"Poste {index:02d}")
        client = client_for(lawyer())
        page_two = client.get("/postes/", {"lieu": "Dijon", "rayon": "20", "page": "2"})
        link = re.search(r'href="(/postes/\d+/\?retour=[^"]+)"', page_two.text).group(1)
        sheet = client.get(html.unescape(link))
        back = re.search(r'href="(/postes/\?[^"]+)">Retour aux résultats', sheet.text).group(1)
        again = client.get(html.unescape(back))
        assert "page=2" in html.unescape(back)
        titles = re.compile(r"Poste \d\d")
        assert titles.findall(again.text) == titles.findall(page_two.text) != []
        assert "Poste 00" not in titles.findall(again.text)

    def test_htmx_gets_only_the_results(self, client_for, dijon, organisation):
        PostFactory(organisation=organisation, title="Un poste")
        response = client_for(lawyer()).get("/postes/", {"lieu": "Dijon"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert response.text.lstrip().startswith('<div id="resultats"')
        assert "<html" not in response.text
        assert "Un poste" in response.text

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"lieu": "Atlantide"}, "Aucune commune ne correspond à « Atlantide »."),
            (
                {"lieu": "Dijon", "rayon": "500"},
                "Le rayon doit être un nombre de kilomètres compris entre 5 et 100.",
            ),
            (
                {"lieu": "Dijon", "rayon": "2"},
                "Le rayon doit être un nombre de kilomètres compris entre 5 et 100.",
            ),
            (
                {"lieu": "Dijon", "rayon": "vingt"},
                "Le rayon doit être un nombre de kilomètres compris entre 5 et 100.",
            ),
            ({"departement": "999"}, "Ce département n&#x27;existe pas."),
            ({"lieu": "Dijon", "domaine": "piraterie"}, "Le domaine « piraterie » n&#x27;existe pas."),
            ({"lieu": "Dijon", "mesure": "prison"}, "Choisissez TIG ou TNR."),
            ({"lieu": "Saint-Pierre (975)"}, "n&#x27;est pas géolocalisée"),
        ],
    )
    def test_bad_input_gets_a_clear_message(self, client_for, dijon, params, message):
        commune("saint_pierre_975")
        response = client_for(lawyer()).get("/postes/", params)
        assert response.status_code == 200
        assert message in response.text
        assert "La recherche n'a pas pu être faite" in response.text

    def test_the_choices_drop_an_invalid_radius(self, client_for):
        commune("saint_denis_93")
        commune("saint_denis_974")
        response = client_for(lawyer()).get("/postes/", {"lieu": "Saint-Denis", "rayon": "500"})
        assert 'href="?lieu=Saint-Denis+%2893%29"' in response.text

    def test_an_ambiguous_commune_offers_a_choice(self, client_for):
        commune("saint_denis_93")
        commune("saint_denis_974")
        response = client_for(lawyer()).get("/postes/", {"lieu": "Saint-Denis", "rayon": "10"})
        assert "Plusieurs communes correspondent à « Saint-Denis »" in response.text
        assert 'href="?lieu=Saint-Denis+%2893%29&amp;rayon=10"' in response.text
        assert 'href="?lieu=Saint-Denis+%28974%29&amp;rayon=10"' in response.text

    @pytest.mark.parametrize("page", ["abc", "-1", "0", "999999", "1.5", "%00"])
    def test_a_malformed_page_number_is_no_error(self, client_for, dijon, organisation, page):
        PostFactory(organisation=organisation, title="Un poste")
        response = client_for(lawyer()).get("/postes/", {"lieu": "Dijon", "page": page})
        assert response.status_code == 200
        assert "Un poste" in response.text

    def test_without_a_place_it_asks_for_one(self, client_for):
        response = client_for(lawyer()).get("/postes/")
        assert response.status_code == 200
        assert "Indiquez une commune" in response.text

    @pytest.mark.parametrize("extra", [0, 40, 400])
    def test_query_count_does_not_grow_with_results(
        self, client_for, dijon, organisation, django_assert_max_num_queries, extra
    ):
        """Session, user, commune, counts in the cells inside the circle, counts and ring of
        those its edge crosses (one statement), the nearest posts (again, farther, where they are
        unevenly spread), the page's posts, the unread notifications, the départements (when the
        cache is empty): ten at most, whatever the number."""
        client = client_for(probation_officer())
        PostFactory.create_batch(3, organisation=organisation)
        for index in range(extra):
            PostFactory(
                organisation=organisation, lat=dijon.lat + (index % 20) * 0.004, lon=dijon.lon + (index // 20) * 0.004
            )
        with django_assert_max_num_queries(10):
            response = client.get("/postes/", {"lieu": "Dijon", "disponible": "on"})
        assert f"{3 + extra} postes trouvés" in response.text

    def test_map_view_has_the_list_too(self, client_for, dijon, organisation):
        PostFactory(organisation=organisation, title="Un poste")
        response = client_for(lawyer()).get("/postes/", {"lieu": "Dijon", "vue": "carte"})
        assert 'data-map="search"' in response.text
        assert "/postes/carte.json?lieu=Dijon" in response.text
        assert "Un poste" in response.text
        assert "la liste ci-dessous présente les mêmes résultats" in response.text


class TestMapData:
    def test_points_are_grouped_by_place(self, client_for, dijon, organisation):
        PostFactory.create_batch(3, organisation=organisation)
        PostFactory(organisation=organisation, lat=dijon.lat + 0.01)
        response = client_for(lawyer()).get("/postes/carte.json", {"lieu": "Dijon", "rayon": "20"})
        data = response.json()
        assert data["total"] == 4
        assert data["block"] == 0
        assert sorted(count for _, _, count in data["points"]) == [1, 3]
        assert data["center"] == [dijon.lat, dijon.lon]
        assert data["radius_km"] == 20

    def test_too_many_places_are_counted_by_blocks_that_still_count_every_post(
        self, client_for, dijon, organisation, monkeypatch
    ):
        monkeypatch.setattr("tig.posts.map.MAX_EXACT_POSTS", 20)
        monkeypatch.setattr("tig.posts.map.MAX_MAP_POINTS", 10)
        for index in range(60):
            PostFactory(
                organisation=organisation, lat=dijon.lat + (index % 12) * 0.02, lon=dijon.lon + (index // 12) * 0.02
            )
        client = client_for(lawyer())
        data = client.get("/postes/carte.json", {"lieu": "Dijon", "rayon": "30"}).json()
        assert data["total"] == 60
        assert data["block"] >= 2
        assert len(data["points"]) <= 10
        assert sum(count for _, _, count in data["points"]) == 60
        # Each block's popup lists the posts of that block.
        for lat, lon, count in data["points"]:
            popup = client.get(
                "/postes/carte/lieu/", {"lieu": "Dijon", "rayon": "30", "lat": lat, "lon": lon, "bloc": data["block"]}
            )
            shown = popup.text.count("<li>")
            more = re.search(r"et (\d+) autres? postes? dans ce secteur", popup.text)
            more = int(more.group(1)) if more else 0
            assert shown + more == count

    def test_gzipped_on_the_wire(self, client_for, dijon, organisation):
        for index in range(20):
            PostFactory(organisation=organisation, lat=dijon.lat + index / 500)
        response = client_for(lawyer()).get(
            "/postes/carte.json", {"lieu": "Dijon"}, headers={"Accept-Encoding": "gzip"}
        )
        assert response["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(response.content))["total"] == 20

    def test_the_popup_lists_the_posts_of_a_place(self, client_for, dijon, organisation):
        PostFactory(organisation=organisation, title="Ici")
        PostFactory(organisation=organisation, title="Ailleurs", lat=dijon.lat + 0.05)
        response = client_for(lawyer()).get(
            "/postes/carte/lieu/", {"lieu": "Dijon", "lat": dijon.lat, "lon": dijon.lon}
        )
        assert "Ici" in response.text
        assert "Ailleurs" not in response.text

    @pytest.mark.parametrize("params", [{}, {"lieu": "Nulle-Part"}, {"lieu": "Dijon", "rayon": "1000"}])
    def test_an_invalid_search_is_a_404(self, client_for, dijon, params):
        assert client_for(lawyer()).get("/postes/carte.json", params).status_code == 404

    @pytest.mark.parametrize(
        "params",
        [
            {"lat": "x", "lon": "1"},
            {"lon": "1"},
            {"lat": "1", "lon": "1", "bloc": "-1"},
            {"lat": "1", "lon": "1", "bloc": "100000"},
            {"lat": "91", "lon": "1"},
        ],
    )
    def test_a_forged_point_is_a_404(self, client_for, dijon, params):
        assert client_for(lawyer()).get("/postes/carte/lieu/", {"lieu": "Dijon", **params}).status_code == 404

    def test_drafts_never_reach_the_map(self, client_for, dijon, organisation):
        PostFactory(organisation=organisation, status=PostStatus.DRAFT)
        data = client_for(referent("21")).get("/postes/carte.json", {"lieu": "Dijon"}).json()
        assert data["total"] == 0


class TestPostSheet:
    def test_practical_information_for_magistrates_and_lawyers_without_the_tutor(self, client_for, organisation):
        tutor = host_member(organisation, role="tutor", first_name="Pascal", last_name="Renaud", phone="06 00 00 00 00")
        post = PostFactory(organisation=organisation, title="Entretien des parcs", pmr_accessible=True)
        post.tutors.add(tutor)
        for user in (lawyer(), magistrate()):
            response = client_for(user).get(f"/postes/{post.pk}/")
            assert response.status_code == 200
            assert "Entretien des parcs" in response.text
            assert "Accessible aux personnes à mobilité réduite : oui" in response.text
            assert "Lundi" in response.text and "08:30 – 12:00" in response.text
            assert "Pascal Renaud" not in response.text
            assert "06 00 00 00 00" not in response.text
            assert "Modifier le poste" not in response.text

    def test_spip_staff_and_referents_see_the_tutor(self, client_for, organisation):
        tutor = host_member(organisation, role="tutor", first_name="Pascal", last_name="Renaud", phone="06 00 00 00 00")
        post = PostFactory(organisation=organisation)
        post.tutors.add(tutor)
        for user in (probation_officer(), spip_director(), referent("59"), national_admin()):
            response = client_for(user).get(f"/postes/{post.pk}/")
            assert "Pascal Renaud" in response.text, user.role
            assert "06 00 00 00 00" in response.text

    def test_a_draft_is_hidden_from_outsiders(self, client_for, organisation):
        draft = PostFactory(organisation=organisation, status=PostStatus.DRAFT)
        for outsider in (
            lawyer(),
            probation_officer(),
            magistrate(),
            referent("59"),
            host_member(OrganisationFactory()),
        ):
            assert client_for(outsider).get(f"/postes/{draft.pk}/").status_code == 404, outsider.role
        for insider in (host_member(organisation, role="tutor"), referent("21"), national_admin()):
            response = client_for(insider).get(f"/postes/{draft.pk}/")
            assert response.status_code == 200, insider.role
            assert "Brouillon" in response.text

    def test_another_organisations_active_post_is_hidden_from_host_staff(self, client_for, organisation):
        post = PostFactory()
        assert client_for(host_member(organisation)).get(f"/postes/{post.pk}/").status_code == 404

    def test_a_forged_id_is_a_404(self, client_for):
        client = client_for(lawyer())
        assert client.get("/postes/987654/").status_code == 404
        assert client.get("/postes/abc/").status_code == 404
        assert "Page introuvable" in client.get("/postes/987654/").text

    def test_each_consultation_is_in_the_audit_log(self, client_for, organisation):
        post = PostFactory(organisation=organisation)
        user = lawyer()
        client = client_for(user)
        with time_machine.travel("2026-12-04 10:00 +01:00", tick=False) as clock:
            client.get(f"/postes/{post.pk}/")
            client.get(f"/postes/{post.pk}/")  # a reload: the same consultation
            clock.shift(120)
            client.get(f"/postes/{post.pk}/")
        reads = AuditEntry.objects.filter(operation=Operation.READ, object_type="posts.post", object_id=str(post.pk))
        assert reads.count() == 2
        assert reads.first().actor_id == user.pk


def post_data(post=None, **overrides):
    data = {
        "title": "Entretien des parcs",
        "domain": "espaces_verts",
        "tasks": "Tonte et désherbage.",
        "site_address": "2 rue des Tilleuls",
        "commune": "Dijon (21)",
        "places_offered": "3",
        "places_taken": "1",
        "accepts_tig": "on",
        "physical_effort": "moderate",
        "status": "active",
        "mon_start": "08:30",
        "mon_end": "12:00",
        "sat_start": "09:00",
        "sat_end": "12:00",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def same_registration(post, **overrides):
    """The form's data changing nothing the registration decision weighed."""
    registered = {
        "title": post.title,
        "tasks": post.tasks,
        "site_address": post.site_address,
        "places_offered": str(post.places_offered),
        "lat": str(post.lat),
        "lon": str(post.lon),
    }
    return post_data(**{**registered, **overrides})


class TestEditing:
    def test_the_organisation_admin_changes_places_and_search_shows_it_at_once(self, client_for, dijon, organisation):
        post = PostFactory(organisation=organisation, title="Entretien des parcs", places_offered=2, places_taken=2)
        admin = host_member(organisation)
        officer_client = client_for(probation_officer())
        assert "Complet (2 places)" in officer_client.get("/postes/", {"lieu": "Dijon"}).text

        response = client_for(admin).post(f"/postes/{post.pk}/modifier/", same_registration(post, places_taken="1"))
        assert response.status_code == 302
        assert response["Location"] == f"/postes/{post.pk}/"
        assert "1 place disponible sur 2" in officer_client.get("/postes/", {"lieu": "Dijon"}).text

    def test_more_places_or_new_tasks_wait_for_a_decision_while_the_registered_post_stays_in_search(
        self, client_for, organisation
    ):
        post = PostFactory(organisation=organisation, title="Entretien des parcs", places_offered=2)
        officer_client = client_for(probation_officer())
        host = client_for(host_member(organisation))
        form = host.get(f"/postes/{post.pk}/modifier/").text
        assert "Ce poste est inscrit sur la liste départementale" in form  # said before saving
        assert "inscrit pour 2 places" in form
        response = host.post(
            f"/postes/{post.pk}/modifier/",
            same_registration(post, places_offered="5", tasks="Tonte et taille.", schedule_notes="Hors août."),
            follow=True,
        )
        text = html.unescape(response.text)
        assert "attendent une décision d'inscription : tâches confiées, places offertes" in text
        assert "Modification en attente de décision" in text
        post.refresh_from_db()
        # The registered version stays in search; what needs no decision is saved.
        assert post.listed and post.places_offered == 2 and post.tasks == "Entretien des massifs."
        assert post.schedule_notes == "Hors août."
        assert post.revisions.get().values == {"tasks": "Tonte et taille.", "places_offered": 5}
        assert "Entretien des parcs" in officer_client.get("/postes/", {"lieu": "Dijon"}).text

    def test_fewer_places_or_a_new_title_need_no_decision(self, client_for, organisation):
        post = PostFactory(organisation=organisation, places_offered=3)
        client_for(host_member(organisation)).post(
            f"/postes/{post.pk}/modifier/", same_registration(post, places_offered="2", title="Parcs et jardins")
        )
        post.refresh_from_db()
        assert (post.places_offered, post.title, post.places_registered) == (2, "Parcs et jardins", 3)
        assert post.listed and not post.revisions.exists()
        # Back up to the places registered: still no decision.
        client_for(host_member(organisation)).post(
            f"/postes/{post.pk}/modifier/", same_registration(post, places_offered="3")
        )
        post.refresh_from_db()
        assert post.places_offered == 3 and not post.revisions.exists()

    def test_a_schedule_change_keeps_the_registration(self, client_for, organisation):
        post = PostFactory(organisation=organisation)
        client_for(host_member(organisation)).post(
            f"/postes/{post.pk}/modifier/", same_registration(post, sat_start="10:00", sat_end="12:00")
        )
        post.refresh_from_db()
        assert post.open_on_weekends
        assert post.registration == Registration.REGISTERED and post.listed

    def test_the_schedule_and_weekend(self, client_for, organisation):
        post = PostFactory(organisation=organisation)
        client_for(host_member(organisation)).post(f"/postes/{post.pk}/modifier/", post_data())
        post.refresh_from_db()
        assert post.schedule == {
            "mon": {"start": "08:30", "end": "12:00"},
            "sat": {"start": "09:00", "end": "12:00"},
        }
        assert post.open_on_weekends

    def test_a_referent_edits_posts_of_their_departement(self, client_for, organisation):
        post = PostFactory(organisation=organisation)
        response = client_for(referent("21", "71")).post(
            f"/postes/{post.pk}/modifier/", post_data(title="Nouveau titre")
        )
        assert response.status_code == 302
        post.refresh_from_db()
        assert post.title == "Nouveau titre"

    @pytest.mark.parametrize(
        "make_user",
        [lawyer, magistrate, probation_officer, spip_director, lambda: referent("59")],
        ids=["lawyer", "magistrate", "officer", "director", "referent-other-departement"],
    )
    def test_others_can_read_but_not_edit(self, client_for, organisation, make_user):
        post = PostFactory(organisation=organisation, title="Intact")
        client = client_for(make_user())
        assert client.get(f"/postes/{post.pk}/modifier/").status_code == 403
        response = client.post(f"/postes/{post.pk}/modifier/", post_data(title="Piraté"))
        assert response.status_code == 403
        assert "Vous pouvez consulter ce poste, mais pas le modifier." in response.text
        post.refresh_from_db()
        assert post.title == "Intact"

    def test_a_tutor_cannot_edit(self, client_for, organisation):
        post = PostFactory(organisation=organisation)
        assert (
            client_for(host_member(organisation, role="tutor"))
            .post(f"/postes/{post.pk}/modifier/", post_data())
            .status_code
            == 403
        )

    def test_another_organisations_admin_gets_a_404(self, client_for, organisation):
        post = PostFactory(organisation=organisation, title="Intact")
        other_admin = host_member(OrganisationFactory())
        assert (
            client_for(other_admin).post(f"/postes/{post.pk}/modifier/", post_data(title="Piraté")).status_code == 404
        )
        post.refresh_from_db()
        assert post.title == "Intact"

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            (
                {"places_taken": "4"},
                "Le nombre de places occupées (4) ne peut pas dépasser le nombre de places offertes (3).",
            ),
            ({"places_offered": "0"}, "Assurez-vous que cette valeur est supérieure ou égale à 1."),
            ({"places_offered": "500"}, "Assurez-vous que cette valeur est inférieure ou égale à 50."),
            ({"commune": "Atlantide"}, "Aucune commune ne correspond à « Atlantide »."),
            ({"commune": ""}, "Ce champ est obligatoire."),
            ({"mon_end": None}, "Lundi : indiquez l&#x27;heure de début et l&#x27;heure de fin."),
            ({"mon_end": "07:00"}, "Lundi : l&#x27;heure de fin doit suivre l&#x27;heure de début."),
            ({"mon_end": "25:99"}, "Saisissez une heure valide."),
            ({"accepts_tig": None}, "Indiquez si le poste accueille des TIG, des TNR ou les deux."),
            ({"domain": "piraterie"}, "Sélectionnez un choix valide"),
            ({"status": "publié"}, "Sélectionnez un choix valide"),
            ({"title": ""}, "Ce champ est obligatoire."),
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_saved(self, client_for, organisation, overrides, message):
        post = PostFactory(organisation=organisation, title="Intact", places_offered=1)
        client = client_for(host_member(organisation))
        before = AuditEntry.objects.filter(operation=Operation.UPDATE).count()
        response = client.post(f"/postes/{post.pk}/modifier/", post_data(**overrides))
        assert response.status_code == 400
        assert message in response.text
        assert "Le poste n'a pas été enregistré" in response.text
        post.refresh_from_db()
        assert (post.title, post.places_offered) == ("Intact", 1)
        assert AuditEntry.objects.filter(operation=Operation.UPDATE).count() == before

    def test_a_referent_cannot_move_a_post_out_of_their_departements(self, client_for, organisation):
        commune("lille")
        post = PostFactory(organisation=organisation)
        response = client_for(referent("21")).post(f"/postes/{post.pk}/modifier/", post_data(commune="Lille (59)"))
        assert response.status_code == 400
        assert "ce poste relève du référent de ce département" in response.text

    def test_the_pin_can_be_moved_but_not_far(self, client_for, dijon, organisation):
        post = PostFactory(organisation=organisation, registration=Registration.UNREGISTERED)  # no decision to wait for
        client = client_for(host_member(organisation))
        near = post_data(lat=str(dijon.lat + 0.01), lon=str(dijon.lon), pin_moved="True")
        assert client.post(f"/postes/{post.pk}/modifier/", near).status_code == 302
        post.refresh_from_db()
        assert post.lat == pytest.approx(dijon.lat + 0.01)
        far = post_data(lat="48.85", lon="2.35", pin_moved="True")
        response = client.post(f"/postes/{post.pk}/modifier/", far)
        assert response.status_code == 400
        assert "Le point placé sur la carte est à plus de 30 km de Dijon (21)." in response.text

    def test_changing_the_commune_moves_the_post_to_it(self, client_for, organisation):
        chenove = commune("chenove")
        post = PostFactory(organisation=organisation, registration=Registration.UNREGISTERED)  # no decision to wait for
        client_for(host_member(organisation)).post(f"/postes/{post.pk}/modifier/", post_data(commune="Chenôve (21)"))
        post.refresh_from_db()
        assert (post.commune, post.lat, post.lon) == (chenove, chenove.lat, chenove.lon)

    def test_tutors_are_members_of_the_organisation_only(self, client_for, organisation):
        post = PostFactory(organisation=organisation)
        tutor = host_member(organisation, role="tutor")
        stranger = host_member(OrganisationFactory(), role="tutor")
        client = client_for(host_member(organisation))
        response = client.post(f"/postes/{post.pk}/modifier/", post_data(tutors=[str(stranger.pk)]))
        assert response.status_code == 400
        assert client.post(f"/postes/{post.pk}/modifier/", post_data(tutors=[str(tutor.pk)])).status_code == 302
        assert list(post.tutors.all()) == [tutor]

    def test_modification_is_audited_with_the_fields_changed(self, client_for, organisation):
        post = PostFactory(organisation=organisation, places_offered=3, places_taken=0)
        admin = host_member(organisation)
        client_for(admin).post(
            f"/postes/{post.pk}/modifier/", post_data(places_taken="2", title=post.title, site_address="")
        )
        entry = AuditEntry.objects.filter(operation=Operation.UPDATE, object_type="posts.post").latest("id")
        assert entry.actor_id == admin.pk
        assert "places_taken" in entry.changes
        assert "title" not in entry.changes

    def test_confirming_a_post(self, client_for, organisation):
        post = PostFactory(organisation=organisation)
        before = post.last_confirmed_at
        client_for(host_member(organisation)).post(f"/postes/{post.pk}/confirmer/")
        post.refresh_from_db()
        assert post.last_confirmed_at > before
        assert client_for(lawyer()).post(f"/postes/{post.pk}/confirmer/").status_code == 403


class TestCreation:
    def test_an_organisation_admin_creates_a_post(self, client_for, dijon, organisation):
        admin = host_member(organisation)
        client = client_for(admin)
        form = client.get("/postes/nouveau/")
        assert form.status_code == 200
        assert "Ville de Dijon" in form.text
        response = client.post("/postes/nouveau/", post_data(structure=str(organisation.pk)))
        post = Post.objects.get()
        assert response["Location"] == f"/postes/{post.pk}/"
        assert (post.organisation, post.commune, post.lat, post.lon) == (
            organisation,
            dijon,
            dijon.lat,
            dijon.lon,
        )
        assert AuditEntry.objects.filter(
            operation=Operation.CREATE, object_type="posts.post", actor_id=admin.pk
        ).exists()

    def test_not_for_another_organisation(self, client_for, organisation):
        other = OrganisationFactory()
        client = client_for(host_member(organisation))
        assert client.get("/postes/nouveau/", {"structure": other.pk}).status_code == 404
        assert client.post("/postes/nouveau/", post_data(structure=str(other.pk))).status_code == 404
        assert not Post.objects.exists()

    @pytest.mark.parametrize("make_user", [lawyer, probation_officer, magistrate])
    def test_not_by_justice_users(self, client_for, organisation, make_user):
        assert client_for(make_user()).get("/postes/nouveau/", {"structure": organisation.pk}).status_code == 403

    @pytest.mark.parametrize(
        ("structure", "status"), [("", 404), ("999999", 404), ("abc", 400), ("²", 400), ("9" * 40, 400)]
    )
    def test_a_missing_or_forged_organisation_is_refused(self, client_for, organisation, structure, status):
        assert client_for(referent("21")).get("/postes/nouveau/", {"structure": structure}).status_code == status

    def test_a_geocoder_places_the_post_at_its_address(self, client_for, dijon, organisation, settings, monkeypatch):
        settings.GEOCODER_URL = "https://adresse.example/search"
        calls = []

        def fake_geocode(address, place):
            calls.append((address, place.code))
            return (47.33, 5.05)

        monkeypatch.setattr("tig.posts.forms.geocode", fake_geocode)
        client_for(host_member(organisation)).post("/postes/nouveau/", post_data(structure=str(organisation.pk)))
        post = Post.objects.get()
        assert calls == [("2 rue des Tilleuls", "21231")]
        assert (post.lat, post.lon) == (47.33, 5.05)


def test_logged_out_users_are_sent_to_login(dijon, organisation):
    post = PostFactory(organisation=organisation)
    client = Client()
    for url in (
        f"/postes/{post.pk}/",
        f"/postes/{post.pk}/modifier/",
        "/postes/nouveau/",
        "/postes/carte.json",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/connexion/")
