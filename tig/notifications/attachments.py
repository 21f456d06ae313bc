"""Documents attached to queued e-mails, made when the e-mail is sent (never stored in the
outbox). An app above this one registers how to make each kind of document, in its
AppConfig.ready(): the outbox names the kind and the object, and knows nothing else of them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


# kind → a function of the object's id giving the document (LookupError if the object is gone).
_makers: dict[str, Callable[[int], Attachment]] = {}


def register(kind: str, maker: Callable[[int], Attachment]) -> None:
    _makers[kind] = maker


def make(kind: str, object_id: int) -> Attachment:
    try:
        maker = _makers[kind]
    except KeyError:
        raise LookupError(f"Aucun document de type « {kind} » n'est déclaré.") from None
    return maker(object_id)
