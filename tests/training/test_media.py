"""The media of a lesson (docs/regles.md, F7): the type read from the content, a size limit per
kind, an image described, a video with WebVTT captions and a transcript; served to the course's
learners and authors only; a file shared by two versions deleted only when neither shows it."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from tests.accounts.factories import host_member, lawyer, national_admin, referent
from tests.organisations.factories import OrganisationFactory
from tests.territories.factories import commune
from tests.training.factories import course_version
from tig.core.exceptions import Refused
from tig.training import services
from tig.training.enums import MediaKind, VersionStatus
from tig.training.models import Media

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour et bienvenue.\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def draft():
    return course_version(departement="21", status=VersionStatus.DRAFT)


def media(**fields):
    """The media form's fields as posted (its prefix keeps them apart from the lesson's)."""
    return {f"media-{name}": value for name, value in fields.items()}


def lesson_url(version):
    module = version.modules.first()
    lesson = module.lessons.first()
    return lesson, f"/formation/redaction/{version.course.slug}/lecons/{lesson.pk}/medias/"


class TestUpload:
    def test_an_image_with_its_description_and_a_video_with_captions_and_transcript(self, client_for, draft):
        _lesson, url = lesson_url(draft)
        client = client_for(referent("21"))
        response = client.post(
            url,
            media(kind="image", title="La page des heures", alt="Le tableau des heures", file=upload("x.png", PNG)),
        )
        assert response.status_code == 302
        response = client.post(
            url,
            media(
                kind="video",
                title="Accueillir",
                file=upload("film.mp4", MP4),
                captions=upload("film.vtt", VTT),
                transcript="Bonjour et bienvenue.",
            ),
        )
        assert response.status_code == 302
        image, video = Media.objects.order_by("position")
        assert (image.content_type, image.alt, image.original_name) == ("image/png", "Le tableau des heures", "x.png")
        assert video.content_type == "video/mp4" and video.captions.name.endswith(".vtt")
        moved = client.post(f"/formation/redaction/{draft.course.slug}/deplacer/media/{video.pk}/haut/")
        assert moved.url.endswith(f"/lecons/{video.lesson_id}/")
        assert list(Media.objects.order_by("position")) == [video, image]

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            ({"kind": "image", "title": "Sans texte", "file": ("x.png", PNG)}, "Décrivez l'image"),
            ({"kind": "image", "title": "Faux", "alt": "x", "file": ("x.png", b"<html>")}, "PNG, JPEG ou WebP"),
            ({"kind": "video", "title": "Sans sous-titres", "transcript": "…", "file": ("f.mp4", MP4)}, "WebVTT"),
            (
                {"kind": "video", "title": "Sans texte", "file": ("f.mp4", MP4), "captions": ("f.vtt", VTT)},
                "transcription",
            ),
            (
                {
                    "kind": "video",
                    "title": "Faux VTT",
                    "transcript": "…",
                    "file": ("f.mp4", MP4),
                    "captions": ("f.vtt", b"1\n00:00 --> 00:01\nx"),
                },
                "commence par",
            ),
            ({"kind": "document", "title": "Faux PDF", "file": ("x.pdf", PNG)}, "(PDF)"),
            ({"kind": "sticker", "title": "?", "file": ("x.png", PNG)}, "Sélectionnez un choix valide"),
        ],
    )
    def test_bad_files_are_refused_in_french_and_nothing_is_kept(self, client_for, draft, data, error, private_media):
        _lesson, url = lesson_url(draft)
        posted = {key: upload(*value) if isinstance(value, tuple) else value for key, value in data.items()}
        response = client_for(referent("21")).post(url, media(**posted))
        assert response.status_code == 400 and error in html.unescape(response.content.decode())
        assert not Media.objects.exists() and not any(private_media.rglob("*.*"))

    def test_the_size_limit(self, client_for, draft, settings):
        settings.TRAINING_IMAGE_MAX_BYTES = 50
        _lesson, url = lesson_url(draft)
        response = client_for(referent("21")).post(
            url, media(kind="image", title="Lourde", alt="x", file=upload("x.png", PNG))
        )
        assert response.status_code == 400 and "taille maximale" in response.content.decode()

    def test_only_a_draft_takes_media(self, draft):
        lesson, _url = lesson_url(draft)
        services.submit(referent("21"), draft)
        with pytest.raises(Refused, match="brouillon"):
            services.add_media(national_admin(), lesson, MediaKind.IMAGE, "x", upload("x.png", PNG), alt="x")


class TestServing:
    def test_learners_of_the_course_and_its_authors_read_it_the_others_get_404(self, client_for):
        version = course_version(departement="21", status=VersionStatus.DRAFT)
        lesson = version.modules.first().lessons.first()
        author = referent("21")
        item = services.add_media(author, lesson, MediaKind.IMAGE, "Capture", upload("c.png", PNG), alt="Une capture")
        url = f"/formation/medias/{item.pk}/"
        tutor_21 = host_member(OrganisationFactory(), role="tutor")
        assert client_for(author).get(url).status_code == 200
        assert client_for(tutor_21).get(url).status_code == 404  # a draft: its authors only
        services.submit(author, version)
        services.publish(national_admin(), version)
        response = client_for(tutor_21).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == PNG
        page = client_for(tutor_21).get(f"/formation/{version.course.slug}/lecons/{lesson.pk}/").content.decode()
        assert f'src="{url}"' in page and 'alt="Une capture"' in page
        tutor_59 = host_member(OrganisationFactory(commune=commune("lille")), role="tutor")
        for user in (tutor_59, lawyer()):
            assert client_for(user).get(url).status_code == 404

    def test_a_video_s_captions_and_transcript_are_in_the_lesson(self, client_for):
        version = course_version(departement="21", status=VersionStatus.DRAFT)
        lesson = version.modules.first().lessons.first()
        admin = national_admin()
        item = services.add_media(
            admin,
            lesson,
            MediaKind.VIDEO,
            "Accueil",
            upload("a.mp4", MP4),
            captions=upload("a.vtt", VTT),
            transcript="Bonjour et bienvenue.",
        )
        document = services.add_media(admin, lesson, MediaKind.DOCUMENT, "La fiche réflexe", upload("f.pdf", PDF))
        services.submit(admin, version)
        services.publish(admin, version)
        tutor = host_member(OrganisationFactory(), role="tutor")
        page = client_for(tutor).get(f"/formation/{version.course.slug}/lecons/{lesson.pk}/").content.decode()
        assert f'src="/formation/medias/{item.pk}/sous-titres.vtt"' in page and 'kind="captions"' in page
        assert "Transcription : Accueil" in page and "Bonjour et bienvenue." in page
        captions = client_for(tutor).get(f"/formation/medias/{item.pk}/sous-titres.vtt")
        assert captions["Content-Type"].startswith("text/vtt") and b"".join(captions.streaming_content) == VTT
        assert "La fiche réflexe" in page and f'href="/formation/medias/{document.pk}/"' in page
        download = client_for(tutor).get(f"/formation/medias/{document.pk}/")
        assert (
            download["Content-Disposition"].startswith("attachment") and download["Content-Type"] == "application/pdf"
        )

    def test_a_file_shared_by_two_versions_is_deleted_with_the_last_one(self, private_media):
        admin = national_admin()
        version = course_version(status=VersionStatus.DRAFT)
        lesson = version.modules.first().lessons.first()
        item = services.add_media(admin, lesson, MediaKind.IMAGE, "x", upload("x.png", PNG), alt="x")
        services.submit(admin, version)
        services.publish(admin, version)
        draft = services.new_version(admin, version.course)
        copy = Media.objects.get(lesson__module__version=draft)
        assert copy.file.name == item.file.name
        with pytest.raises(Refused):
            services.delete_item(admin, item)  # the published version does not change
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.delete_item(admin, copy)
        assert Media.objects.filter(pk=item.pk).exists()
        assert (private_media / item.file.name).exists()  # the published version still shows it
        lesson = draft.modules.first().lessons.first()
        own = services.add_media(admin, lesson, MediaKind.IMAGE, "y", upload("y.png", PNG), alt="y")
        assert (private_media / own.file.name).exists()
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.delete_item(admin, lesson)  # the lesson and its file, shown nowhere else
        assert not (private_media / own.file.name).exists()
