"""Checks on uploaded documents: the type is read from the content, never from the name or
the browser's claim; the size is bounded; the name shown is cleaned."""

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename

# Leading bytes of the formats accepted, with the type and extension they are stored under.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def sniff(upload) -> tuple[str, str] | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def validate_upload(upload) -> tuple[str, str]:
    """(content type, extension) of an acceptable file, or a ValidationError in French."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError("Le fichier est vide.")
    if upload.size > limit:
        raise ValidationError(f"Le fichier dépasse la taille maximale de {limit // (1024 * 1024)} Mo.")
    detected = sniff(upload)
    if detected is None:
        raise ValidationError("Seuls les fichiers PDF, PNG et JPEG sont acceptés.")
    return detected


def display_name(name: str, extension: str) -> str:
    """The sender's file name, reduced to safe characters, with the extension of its real type."""
    try:
        stem = get_valid_filename(PurePath(name.replace("\\", "/")).stem)[:80]
    except SuspiciousFileOperation:  # nothing usable left
        stem = "piece"
    return f"{stem}{extension}"


def store(document: Any, upload: Any, stored_name: str) -> None:
    """Write the upload under a name of ours, then the row (inside the caller's transaction); a
    row refused leaves no file behind. `document` has a `file` field on the private storage."""
    document.file.save(stored_name, upload, save=False)
    stored = document.file
    try:
        document.save()
    except Exception:
        stored.storage.delete(stored.name or "")
        raise


def open_or_404(stored: Any, missing: str = "Le fichier de ce document est introuvable.") -> Any:
    """A stored file opened for reading; a 404 saying `missing` when the storage lost it."""
    try:
        return stored.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None


def file_response(document: Any) -> FileResponse:
    """A stored document as a download under its cleaned name; 404 when its file is missing."""
    handle = open_or_404(document.file)
    return FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=document.content_type)
