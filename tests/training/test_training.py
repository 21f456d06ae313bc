"""The training area (tig/training): the quiz's scoring, a learner's progress to completion, the
versions keeping completions, the starter course, the pages and who may open them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from tests.accounts.factories import host_member, lawyer, national_admin, partner_coordinator, referent, spip_director
from tests.organisations.factories import OrganisationFactory
from tig.core.exceptions import Refused
from tig.training import attestation, learning, services, starter
from tig.training.enums import MediaKind, VersionStatus
from tig.training.models import Completion, Lesson, LessonDone, Media, Module, QuizAttempt
from tig.training.scoring import score

choice_sets = st.frozensets(st.integers(1, 6), min_size=1, max_size=3)


class TestScoring:
    def test_a_question_is_right_when_exactly_its_right_answers_are_ticked(self):
        correct = {1: frozenset({10}), 2: frozenset({20, 21}), 3: frozenset({30})}
        result = score(correct, {1: frozenset({10}), 2: frozenset({20}), 3: frozenset({30, 31})}, 50)
        assert result.right == {1} and (result.total, result.score, result.passed) == (3, 33, False)
        result = score(correct, {1: frozenset({10}), 2: frozenset({20, 21}), 3: frozenset({31})}, 60)
        assert (result.score, result.passed) == (66, True)
        assert score(correct, {}, 1).score == 0  # nothing answered

    @given(st.dictionaries(st.integers(1, 20), choice_sets, min_size=1), st.integers(1, 100))
    def test_answering_every_right_answer_always_passes(self, correct, pass_score):
        result = score(correct, correct, pass_score)
        assert result.score == 100 and result.passed and result.right == set(correct)

    @given(
        st.dictionaries(st.integers(1, 20), choice_sets, min_size=1), st.dictionaries(st.integers(1, 20), choice_sets)
    )
    def test_the_score_is_the_share_of_right_questions(self, correct, answers):
        result = score(correct, answers, 80)
        right = [q for q in correct if answers.get(q) == correct[q]]
        assert result.score == 100 * len(right) // len(correct) and result.passed == (result.score >= 80)


@pytest.fixture
def course(db):
    return starter.load()


@pytest.fixture
def tutor(db):
    return host_member(OrganisationFactory(), role="tutor")


def right_answers(module: Module) -> dict[int, frozenset[int]]:
    return {q.pk: frozenset(c.pk for c in q.choices.all() if c.correct) for q in module.questions.all()}


@pytest.mark.django_db
class TestProgress:
    def test_the_starter_course_loads_once(self, course):
        assert course.status == VersionStatus.PUBLISHED and course.modules.count() == 5
        assert starter.load() == course and Lesson.objects.filter(module__version=course).count() == 6
        assert course.course.for_new_tutors

    def test_the_starter_course_shows_screenshots_of_the_platform_described(self, course, client_for, tutor):
        shots = list(Media.objects.filter(lesson__module__version=course))
        assert len(shots) == 3 and all(shot.alt and shot.kind == MediaKind.IMAGE for shot in shots)
        lesson = shots[0].lesson
        page = client_for(tutor).get(f"/formation/{course.course.slug}/lecons/{lesson.pk}/").content.decode()
        assert f'src="/formation/medias/{shots[0].pk}/"' in page
        image = client_for(tutor).get(f"/formation/medias/{shots[0].pk}/")
        assert b"".join(image.streaming_content).startswith(b"\x89PNG")

    def test_every_lesson_read_and_every_quiz_passed_completes_the_version(self, course, tutor):
        modules = learning.modules(course)
        for module in modules:
            for lesson in module.lessons.all():
                services.lesson_done(tutor, lesson)
            assert not Completion.objects.exists()
            wrong = {q: frozenset() for q in right_answers(module)}
            assert not services.answer_quiz(tutor, module, wrong).passed
            assert services.answer_quiz(tutor, module, right_answers(module)).passed
        completion = Completion.objects.get(user=tutor, version=course)
        assert len(completion.code) == 12
        services.lesson_done(tutor, modules[0].lessons.first())  # again: nothing more
        assert LessonDone.objects.filter(user=tutor).count() == 6 and Completion.objects.count() == 1

    def test_a_new_version_keeps_the_completions_of_the_old_one(self, course, tutor):
        for module in learning.modules(course):
            for lesson in module.lessons.all():
                services.lesson_done(tutor, lesson)
            services.answer_quiz(tutor, module, right_answers(module))
        course.status = VersionStatus.RETIRED
        course.save()
        newer = course.course.versions.create(number=2, status=VersionStatus.PUBLISHED)
        assert Completion.objects.get(user=tutor).version == course
        assert learning.state(tutor, newer).completion is None
        with pytest.raises(Refused, match="plus en ligne"):
            services.lesson_done(tutor, Lesson.objects.filter(module__version=course).first())

    def test_an_answer_of_another_quiz_is_refused(self, course, tutor):
        first, second = learning.modules(course)[:2]
        stranger = next(iter(right_answers(second).values()))
        question = next(iter(right_answers(first)))
        with pytest.raises(Refused, match="ne correspond pas"):
            services.answer_quiz(tutor, first, {question: stranger})
        assert not QuizAttempt.objects.exists()

    @pytest.mark.parametrize(
        "make", [lawyer, spip_director, partner_coordinator], ids=["avocat", "DSPIP", "coordinateur"]
    )
    def test_only_hosts_referents_and_the_agency_learn(self, course, make):
        with pytest.raises(Refused):
            services.lesson_done(make(), Lesson.objects.filter(module__version=course).first())


@pytest.mark.django_db
class TestPages:
    def test_a_learner_reads_a_lesson_and_passes_a_quiz(self, client_for, course, tutor):
        client = client_for(tutor)
        slug = course.course.slug
        module = learning.modules(course)[0]
        lesson = module.lessons.first()
        page = client.get(f"/formation/{slug}/lecons/{lesson.pk}/").content.decode()
        assert "<h2>Ce que dit la loi</h2>" in page and "La durée va de 20 à 400 heures." in page
        response = client.post(f"/formation/{slug}/lecons/{lesson.pk}/terminee/", {"suite": "quiz"})
        assert response.url == f"/formation/{slug}/modules/{module.pk}/quiz/"
        unanswered = client.post(response.url, {})
        assert unanswered.status_code == 400 and "Répondez à cette question." in unanswered.content.decode()
        data = {f"q{q}": [str(c) for c in choices] for q, choices in right_answers(module).items()}
        result = client.post(response.url, data).content.decode()
        assert "Module réussi : 100 % de bonnes réponses" in result and "Le SPIP suit les majeurs" in result
        assert "Terminé" in client.get(f"/formation/{slug}/").content.decode()

    def test_a_lesson_page_in_a_constant_number_of_queries(self, client_for, course, tutor):
        client = client_for(tutor)
        slug = course.course.slug
        lessons = list(Lesson.objects.filter(module__version=course).order_by("module__position", "position"))
        counts = set()
        for lesson in lessons:
            services.lesson_done(tutor, lesson)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/formation/{slug}/lecons/{lesson.pk}/").status_code == 200
            counts.add(len(queries))
        assert len(counts) == 1

    @pytest.mark.parametrize(
        "make", [lawyer, spip_director, partner_coordinator], ids=["avocat", "DSPIP", "coordinateur"]
    )
    def test_others_do_not_see_the_training(self, client_for, course, make):
        client = client_for(make())
        lesson = Lesson.objects.filter(module__version=course).first()
        for url in (
            "/formation/",
            f"/formation/{course.course.slug}/",
            f"/formation/{course.course.slug}/lecons/{lesson.pk}/",
        ):
            assert client.get(url).status_code == 404, url

    def test_referents_and_the_agency_follow_it_too(self, client_for, course):
        for user in (referent("21"), national_admin()):
            assert client_for(user).get(f"/formation/{course.course.slug}/").status_code == 200


def test_a_lesson_s_text_is_escaped_and_structured():
    from tig.training.markup import render

    html = render("## Titre <b>\nUne ligne\nqui continue.\n\n- un <script>\n- deux\nFin")
    assert html == (
        "<h2>Titre &lt;b&gt;</h2>\n<p>Une ligne qui continue.</p>\n<ul><li>un &lt;script&gt;</li><li>deux</li></ul>\n<p>Fin</p>"
    )


@pytest.mark.django_db
class TestAttestation:
    @pytest.fixture
    def finished(self, course, tutor):
        for module in learning.modules(course):
            for lesson in module.lessons.all():
                services.lesson_done(tutor, lesson)
            services.answer_quiz(tutor, module, right_answers(module))
        return Completion.objects.get(user=tutor)

    def test_the_pdf_names_the_learner_the_course_and_the_code(self, client_for, finished):
        from io import BytesIO

        from pypdf import PdfReader

        response = client_for(finished.user).get(f"/formation/attestations/{finished.code}/")
        text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
        assert finished.user.get_full_name() in text and "version 1" in text and finished.code in text
        # Only its owner downloads it.
        assert (
            client_for(host_member(OrganisationFactory())).get(f"/formation/attestations/{finished.code}/").status_code
            == 404
        )

    def test_the_public_page_tells_valid_forged_and_withdrawn(self, client, client_for, finished):
        page = client.get("/formation/verification/", {"code": finished.code.lower()}).content.decode()
        assert "Attestation valable" in page and finished.user.get_full_name() in page
        forged = client.get("/formation/verification/", {"code": "0123456789AB"}).content.decode()
        assert "Aucune attestation ne porte ce code" in forged
        malformed = client.get("/formation/verification/", {"code": "<script>" * 10})
        assert malformed.status_code == 400 and "douze chiffres ou lettres" in malformed.content.decode()
        with pytest.raises(Refused):
            attestation.revoke(referent("21"), finished, "Erreur.")
        attestation.revoke(national_admin(), finished, "Obtenue par erreur.")
        withdrawn = client.get("/formation/verification/", {"code": finished.code}).content.decode()
        assert "Attestation retirée" in withdrawn and "Attestation valable" not in withdrawn
        # A withdrawn attestation is no longer delivered, even to its owner.
        assert client_for(finished.user).get(f"/formation/attestations/{finished.code}/").status_code == 404
