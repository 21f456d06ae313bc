"""Writing the courses (docs/regles.md, F5): a draft, its review, its publication by another
author; a new version copied from the last one, the old version's completions kept; nothing
changes outside a draft; the pages answer 404 to whoever may not write the course."""

import pytest

from tests.accounts.factories import host_member, national_admin, referent
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune
from tests.training.factories import course_version, finish
from tig.core.exceptions import Refused
from tig.notifications.models import Notification
from tig.training import services
from tig.training.enums import VersionStatus
from tig.training.models import Choice, Completion, Course, CourseVersion, Lesson, Module, NationalAuthor, Question

pytestmark = pytest.mark.django_db


class TestServices:
    def test_a_course_goes_from_draft_to_review_to_published_by_another(self):
        author, reviewer = referent("21"), referent("21")
        version = services.create_course(author, "Sécurité sur le chantier", "Les gestes sûrs.", "21")
        assert version.status == VersionStatus.DRAFT and version.course.departement_id == "21"
        with pytest.raises(Refused, match="au moins une leçon"):
            services.submit(author, version)
        module = services.save_module(author, version, None, "Les risques", 80)
        services.save_lesson(author, module, None, "Avant de commencer", 5, "## Le matériel\n- Des gants")
        services.save_question(
            author, module, None, "Faut-il des gants ?", "Toujours.", [("Oui", True), ("Non", False)]
        )
        services.submit(author, version)
        assert Notification.objects.filter(user=reviewer, title__contains="à relire").exists()
        assert not Notification.objects.filter(user=author, title__contains="à relire").exists()
        with pytest.raises(Refused, match="Seul un brouillon"):
            services.save_module(author, version, module, "Changé", 80)
        with pytest.raises(Refused, match="autre personne"):
            services.publish(author, version)
        services.publish(reviewer, version)
        version.refresh_from_db()
        assert version.status == VersionStatus.PUBLISHED and version.published_at is not None

    def test_a_review_sent_back_is_a_draft_again_with_its_note(self):
        author, reviewer = referent("21"), referent("21")
        version = course_version(departement="21", status=VersionStatus.DRAFT)
        services.submit(author, version)
        with pytest.raises(Refused, match="reprendre"):
            services.send_back(reviewer, version, "  ")
        services.send_back(reviewer, version, "La leçon 2 est trop longue.")
        version.refresh_from_db()
        assert version.status == VersionStatus.DRAFT and version.review_note == "La leçon 2 est trop longue."

    def test_a_new_version_copies_the_last_and_keeps_its_completions(self):
        agency = national_admin()
        first = course_version(departement="21")
        learner = host_member(OrganisationFactory(), role="tutor")
        finish(learner, first)
        completion = Completion.objects.get(user=learner, version=first)
        draft = services.new_version(agency, first.course)
        assert draft.number == 2 and draft.status == VersionStatus.DRAFT
        assert Module.objects.filter(version=draft).count() == 2
        assert Lesson.objects.filter(module__version=draft).count() == 2
        assert Choice.objects.filter(question__module__version=draft).count() == 4
        with pytest.raises(Refused, match="déjà en cours"):
            services.new_version(agency, first.course)
        module = draft.modules.first()
        services.save_lesson(agency, module, module.lessons.first(), "Réécrite", 3, "Nouveau texte.")
        assert first.modules.first().lessons.first().title == "Leçon 1"  # the old version untouched
        services.submit(agency, draft)
        services.publish(agency, draft)
        first.refresh_from_db()
        assert first.status == VersionStatus.RETIRED
        assert CourseVersion.objects.filter(course=first.course, status=VersionStatus.PUBLISHED).get() == draft
        assert Completion.objects.get(pk=completion.pk).version == first

    def test_a_referent_writes_only_for_their_departements_or_nationally_when_allowed(self):
        author, agency = referent("21"), national_admin()
        with pytest.raises(Refused):
            services.create_course(author, "Ailleurs", "…", "59")
        with pytest.raises(Refused):
            services.create_course(author, "Nationale", "…", None)
        other = course_version("autre", departement="59", status=VersionStatus.DRAFT)
        with pytest.raises(Refused):
            services.save_module(author, other, None, "Intrus", 80)
        services.grant_national_authoring(agency, author)
        assert services.create_course(author, "Nationale", "…", None).course.departement_id is None
        with pytest.raises(Refused):
            services.grant_national_authoring(author, referent("59"))
        services.withdraw_national_authoring(agency, author)
        assert not NationalAuthor.objects.exists()

    def test_a_tutor_never_writes(self):
        tutor = host_member(OrganisationFactory(), role="tutor")
        version = course_version(status=VersionStatus.DRAFT)
        with pytest.raises(Refused):
            services.create_course(tutor, "Ma formation", "…", "21")
        with pytest.raises(Refused):
            services.save_module(tutor, version, None, "Intrus", 80)

    def test_a_module_of_the_published_version_is_not_changed_through_the_draft(self, client_for):
        agency = national_admin()
        published = course_version("en-ligne")
        draft = services.new_version(agency, published.course)
        online = published.modules.first()
        with pytest.raises(Refused, match="autre version"):
            services.save_module(agency, draft, online, "Détourné", 80)
        url = f"/formation/redaction/en-ligne/versions/{draft.pk}/modules/{online.pk}/"
        assert client_for(agency).post(url, {"title": "Détourné", "pass_score": "80"}).status_code == 404
        online.refresh_from_db()
        assert online.title == "Module 1"

    def test_a_question_needs_two_answers_and_a_right_one(self):
        version = course_version(status=VersionStatus.DRAFT)
        module = version.modules.first()
        with pytest.raises(Refused, match="au moins deux"):
            services.save_question(national_admin(), module, None, "?", "…", [("Seule", True)])
        with pytest.raises(Refused, match="au moins deux"):
            services.save_question(national_admin(), module, None, "?", "…", [("A", False), ("B", False)])
        assert Question.objects.filter(module=module).count() == 1

    def test_parts_move_up_and_down_within_their_place(self):
        agency = national_admin()
        version = course_version(status=VersionStatus.DRAFT, modules=3)
        first, second, third = version.modules.order_by("position")
        services.move(agency, third, up=True)
        assert list(version.modules.order_by("position").values_list("title", flat=True)) == [
            "Module 1",
            "Module 3",
            "Module 2",
        ]
        with pytest.raises(Refused, match="premier"):
            services.move(agency, first, up=True)
        with pytest.raises(Refused, match="dernier"):
            services.move(agency, Module.objects.get(pk=second.pk), up=False)
        lesson = services.save_lesson(agency, first, None, "Deuxième", 3, "…")
        services.move(agency, lesson, up=True)
        assert list(first.lessons.order_by("position").values_list("title", flat=True)) == ["Deuxième", "Leçon 1"]
        services.submit(agency, version)
        with pytest.raises(Refused, match="brouillon"):
            services.move(agency, lesson, up=False)

    def test_a_draft_given_up_goes_and_its_course_when_it_was_the_only_version(self):
        agency = national_admin()
        published = course_version("gardee")
        draft = services.new_version(agency, published.course)
        services.abandon(agency, draft)
        assert list(published.course.versions.all()) == [published]
        lone = services.create_course(agency, "Essai", "…", None)
        services.abandon(agency, lone)
        assert not Course.objects.filter(title="Essai").exists()
        with pytest.raises(Refused, match="brouillon"):
            services.abandon(agency, published)

    def test_a_course_s_address_never_takes_one_of_the_area(self):
        version = services.create_course(national_admin(), "Suivi", "…", None)
        assert version.course.slug == "suivi-2"


class TestPages:
    def test_a_referent_writes_a_course_through_the_pages(self, client_for):
        author = referent("21")
        client = client_for(author)
        response = client.post(
            "/formation/redaction/", {"title": "Premiers pas", "summary": "Pour commencer.", "departement": "21"}
        )
        course = Course.objects.get(title="Premiers pas")
        assert response.url == f"/formation/redaction/{course.slug}/"
        version = course.versions.get()
        response = client.post(
            f"/formation/redaction/{course.slug}/versions/{version.pk}/modules/nouveau/",
            {"title": "Le début", "pass_score": "80"},
        )
        module = version.modules.get()
        client.post(
            f"/formation/redaction/{course.slug}/modules/{module.pk}/lecons/nouvelle/",
            {"title": "Bienvenue", "minutes": "4", "body": "## Bonjour\nUn texte."},
        )
        refused = client.post(
            f"/formation/redaction/{course.slug}/modules/{module.pk}/questions/nouvelle/",
            {"text": "Prêt ?", "explanation": "Oui.", "choices": "Oui\nNon"},
        )
        assert refused.status_code == 400 and "étoile" in refused.content.decode()
        client.post(
            f"/formation/redaction/{course.slug}/modules/{module.pk}/questions/nouvelle/",
            {"text": "Prêt ?", "explanation": "Oui.", "choices": "* Oui\nNon"},
        )
        question = module.questions.get()
        assert [(c.text, c.correct) for c in question.choices.all()] == [("Oui", True), ("Non", False)]
        page = client.get(f"/formation/redaction/{course.slug}/").content.decode()
        assert "Bienvenue" in page and "Prêt ?" in page and "Envoyer en relecture" in page
        client.post(f"/formation/redaction/{course.slug}/versions/{version.pk}/relecture/")
        version.refresh_from_db()
        assert version.status == VersionStatus.REVIEW
        # The same author may not publish; the agency may.
        client.post(f"/formation/redaction/{course.slug}/versions/{version.pk}/publication/")
        version.refresh_from_db()
        assert version.status == VersionStatus.REVIEW
        client_for(national_admin()).post(f"/formation/redaction/{course.slug}/versions/{version.pk}/publication/")
        version.refresh_from_db()
        assert version.status == VersionStatus.PUBLISHED
        # Now online for the hosts of the Côte-d'Or, not for those of the Nord.
        tutor_21 = host_member(OrganisationFactory(), role="tutor")
        assert client_for(tutor_21).get(f"/formation/{course.slug}/").status_code == 200
        tutor_59 = host_member(OrganisationFactory(commune=commune("lille")), role="tutor")
        assert client_for(tutor_59).get(f"/formation/{course.slug}/").status_code == 404
        assert "Premiers pas" not in client_for(tutor_59).get("/formation/").content.decode()

    def test_whoever_may_not_write_the_course_gets_404(self, client_for):
        version = course_version(departement="21", status=VersionStatus.DRAFT)
        slug = version.course.slug
        module = version.modules.first()
        urls = [
            f"/formation/redaction/{slug}/",
            f"/formation/redaction/{slug}/versions/{version.pk}/modules/{module.pk}/",
            f"/formation/redaction/{slug}/modules/{module.pk}/lecons/nouvelle/",
        ]
        for user in (referent("59"), host_member(OrganisationFactory(), role="admin")):
            client = client_for(user)
            for url in urls:
                assert client.get(url).status_code == 404, (user, url)
            assert client.post(f"/formation/redaction/{slug}/supprimer/module/{module.pk}/").status_code == 404
        assert Module.objects.filter(pk=module.pk).exists()
        assert client_for(host_member(OrganisationFactory())).get("/formation/redaction/").status_code == 404
        assert client_for(referent("21")).get("/formation/redaction/redacteurs-nationaux/").status_code == 404

    def test_moving_and_giving_up_through_the_pages(self, client_for):
        version = course_version(departement="21", status=VersionStatus.DRAFT)
        slug, second = version.course.slug, version.modules.order_by("position").last()
        client = client_for(referent("21"))
        assert "Monter" in client.get(f"/formation/redaction/{slug}/").content.decode()
        client.post(f"/formation/redaction/{slug}/deplacer/module/{second.pk}/haut/")
        assert version.modules.order_by("position").first() == second
        assert client.post(f"/formation/redaction/{slug}/deplacer/module/{second.pk}/cote/").status_code == 404
        assert client.post(f"/formation/redaction/{slug}/deplacer/poste/{second.pk}/haut/").status_code == 404
        assert (
            client_for(referent("59")).post(f"/formation/redaction/{slug}/versions/{version.pk}/abandon/").status_code
            == 404
        )
        response = client.post(f"/formation/redaction/{slug}/versions/{version.pk}/abandon/")
        assert response.url == "/formation/redaction/" and not Course.objects.filter(slug=slug).exists()

    def test_bad_input_is_refused_in_french(self, client_for):
        client = client_for(referent("21"))
        response = client.post("/formation/redaction/", {"title": "", "summary": "x", "departement": "59"})
        assert response.status_code == 400 and not Course.objects.exists()
        version = course_version(departement="21", status=VersionStatus.DRAFT)
        module = version.modules.first()
        response = client.post(
            f"/formation/redaction/{version.course.slug}/versions/{version.pk}/modules/{module.pk}/",
            {"title": "Trop", "pass_score": "250"},
        )
        assert response.status_code == 400
        assert client.post(f"/formation/redaction/{version.course.slug}/supprimer/rien/1/").status_code == 404

    def test_the_agency_lets_a_referent_write_the_national_courses(self, client_for):
        author = referent("21")
        client = client_for(national_admin())
        client.post("/formation/redaction/redacteurs-nationaux/", {"referent": author.pk})
        assert NationalAuthor.objects.filter(user=author).exists()
        assert client.post("/formation/redaction/redacteurs-nationaux/", {"referent": "x" * 30}).status_code == 404
        client.post("/formation/redaction/redacteurs-nationaux/", {"referent": author.pk, "action": "retirer"})
        assert not NationalAuthor.objects.exists()
