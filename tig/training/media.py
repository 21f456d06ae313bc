"""The files of a lesson (docs/regles.md, F7): the type is read from the content, never from the
name or the browser's claim; each kind has its own formats and size limit; a video or a sound
comes with WebVTT captions, checked too."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from tig.habilitations.documents import display_name
from tig.training.enums import MediaKind

# (kind, test on the first bytes, content type, extension)
FORMATS: tuple[tuple[str, Callable[[bytes], bool], str, str], ...] = (
    (MediaKind.IMAGE, lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"), "image/png", ".png"),
    (MediaKind.IMAGE, lambda head: head.startswith(b"\xff\xd8\xff"), "image/jpeg", ".jpg"),
    (MediaKind.IMAGE, lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP", "image/webp", ".webp"),
    (MediaKind.VIDEO, lambda head: head[4:8] == b"ftyp", "video/mp4", ".mp4"),
    (MediaKind.VIDEO, lambda head: head.startswith(b"\x1a\x45\xdf\xa3"), "video/webm", ".webm"),
    (
        MediaKind.AUDIO,
        lambda head: head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3"),
        "audio/mpeg",
        ".mp3",
    ),
    (MediaKind.AUDIO, lambda head: head.startswith(b"OggS"), "audio/ogg", ".ogg"),
    (MediaKind.DOCUMENT, lambda head: head.startswith(b"%PDF-"), "application/pdf", ".pdf"),
)

ACCEPTED = {
    MediaKind.IMAGE: "PNG, JPEG ou WebP",
    MediaKind.VIDEO: "MP4 ou WebM",
    MediaKind.AUDIO: "MP3 ou Ogg",
    MediaKind.DOCUMENT: "PDF",
}


def limit(kind: str) -> int:
    limits: dict[str, int] = {
        MediaKind.IMAGE: settings.TRAINING_IMAGE_MAX_BYTES,
        MediaKind.VIDEO: settings.TRAINING_VIDEO_MAX_BYTES,
        MediaKind.AUDIO: settings.TRAINING_VIDEO_MAX_BYTES,
        MediaKind.DOCUMENT: settings.DOCUMENT_MAX_BYTES,
    }
    return limits[kind]


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} Mo"


def validate(kind: str, upload: Any) -> tuple[str, str]:
    """(content type, extension) of a file acceptable for this kind, or a ValidationError in French."""
    if upload.size == 0:
        raise ValidationError("Le fichier est vide.")
    if upload.size > limit(kind):
        raise ValidationError(f"Le fichier dépasse la taille maximale de {_megabytes(limit(kind))} pour ce type.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for format_kind, matches, content_type, extension in FORMATS:
        if format_kind == kind and matches(head):
            return content_type, extension
    raise ValidationError(f"Ce fichier n'est pas au format attendu ({ACCEPTED[MediaKind(kind)]}).")


def validate_captions(upload: Any) -> None:
    """A WebVTT file: UTF-8 text starting with « WEBVTT »."""
    if upload.size == 0 or upload.size > settings.TRAINING_CAPTIONS_MAX_BYTES:
        raise ValidationError(
            f"Les sous-titres doivent être un fichier WebVTT de {_megabytes(settings.TRAINING_CAPTIONS_MAX_BYTES)} au plus."
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("Les sous-titres doivent être un fichier WebVTT en UTF-8.") from None
    first = text.split("\n", 1)[0].rstrip("\r")
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError("Les sous-titres doivent être au format WebVTT (le fichier commence par « WEBVTT »).")
    if "-->" not in text:
        raise ValidationError("Ce fichier WebVTT ne contient aucun sous-titre.")


__all__ = ["display_name", "limit", "validate", "validate_captions"]
