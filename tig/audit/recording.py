"""Writing the audit log.

Creations, modifications and deletions of the platform's records are caught by model
signals, so no view can forget them; consultations are recorded by the views that show
a record (`record_read`). The author is the user of the current request (set by
`tig.audit.middleware.audit_actor`) or, outside a request, the command or task named
with `acting_as`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils import timezone

from tig.audit.enums import Operation

SYSTEM = "système"
# Fields whose change alone is not a modification of the record.
IGNORED_FIELDS = {"last_login", "updated_at"}

# A callable so that the request's user is only looked up when something is recorded.
_actor: ContextVar[Callable[[], Any] | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute what happens inside to actor: a user, or a label such as « commande load_demo »."""
    token = _actor.set(lambda: actor)
    try:
        yield
    finally:
        _actor.reset(token)


@contextmanager
def acting_as_lazy(get_actor: Callable[[], Any]) -> Iterator[None]:
    token = _actor.set(get_actor)
    try:
        yield
    finally:
        _actor.reset(token)


def _current_actor() -> tuple[int | None, str]:
    get_actor = _actor.get()
    actor = get_actor() if get_actor else None
    if actor is None or (hasattr(actor, "is_authenticated") and not actor.is_authenticated):
        return None, SYSTEM
    if isinstance(actor, str):
        return None, f"{SYSTEM} ({actor})"
    return actor.pk, (getattr(actor, "audit_label", None) or str(actor))[:254]


def _label(instance: models.Model | type[models.Model]) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}"


def record(operation: str, instance: models.Model, changes: list[str] | None = None) -> None:
    from tig.audit.models import AuditEntry

    actor_id, actor_label = _current_actor()
    AuditEntry.objects.create(
        actor_id=actor_id,
        actor_label=actor_label,
        operation=operation,
        object_type=_label(instance),
        object_id=str(instance.pk or ""),
        object_repr=str(instance)[:255],
        changes=changes or [],
    )


def record_read(user: Any, instance: models.Model, what: str = "") -> None:
    """A user consulted the page of instance (a post sheet, an organisation page), or the part
    of it named by `what` (« membres », « courrier (PDF) »).

    One consultation is one row: the same person reading the same thing again within
    AUDIT_READ_WINDOW_SECONDS adds none (a reload, or a browser's PDF viewer that asks for the
    document again to save or print it)."""
    from tig.audit.models import AuditEntry

    changes = [what] if what else []
    with acting_as(user):
        actor_id, _ = _current_actor()
        since = timezone.now() - timedelta(seconds=settings.AUDIT_READ_WINDOW_SECONDS)
        already = AuditEntry.objects.filter(
            object_type=_label(instance),
            object_id=str(instance.pk or ""),
            operation=Operation.READ,
            actor_id=actor_id,
            at__gte=since,
        ).values_list("changes", flat=True)
        if changes in list(already):
            return
        record(Operation.READ, instance, changes)


def record_reads(user: Any, instances: list[models.Model], what: str = "") -> None:
    """`record_read` for each of several records of one kind shown together (the people of an
    attendance sheet): two queries whatever their number."""
    from tig.audit.models import AuditEntry

    if not instances:
        return
    changes = [what] if what else []
    label = _label(instances[0])
    with acting_as(user):
        actor_id, actor_label = _current_actor()
        since = timezone.now() - timedelta(seconds=settings.AUDIT_READ_WINDOW_SECONDS)
        recent = AuditEntry.objects.filter(
            object_type=label,
            object_id__in=[str(instance.pk) for instance in instances],
            operation=Operation.READ,
            actor_id=actor_id,
            at__gte=since,
        ).values_list("object_id", "changes")
        already = {object_id for object_id, seen in recent if seen == changes}
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor_id=actor_id,
                actor_label=actor_label,
                operation=Operation.READ,
                object_type=label,
                object_id=str(instance.pk),
                object_repr=str(instance)[:255],
                changes=changes,
            )
            for instance in instances
            if str(instance.pk) not in already
        )


def record_bulk(operation: str, label: str, details: dict[str, int]) -> None:
    """One entry for a batch written without model signals (reference data imports)."""
    from tig.audit.models import BULK, AuditEntry

    actor_id, actor_label = _current_actor()
    AuditEntry.objects.create(
        actor_id=actor_id,
        actor_label=actor_label,
        operation=operation,
        object_type=BULK,
        object_repr=label[:255],
        changes=[f"{key} : {value}" for key, value in details.items()],
    )


def is_audited(model: type[models.Model]) -> bool:
    """Every model of the platform's apps, unless it says `audited = False` (reference
    data loaded in bulk, the log itself, technical state)."""
    return model.__module__.startswith("tig.") and getattr(model, "audited", True)


def _snapshot(instance: models.Model) -> dict[str, Any]:
    # Only what is already loaded (reading a deferred field would cost a query), and not
    # the columns the database computes from the others.
    values = instance.__dict__
    return {
        f.attname: values[f.attname] for f in instance._meta.concrete_fields if f.attname in values and not f.generated
    }


def _on_init(sender, instance, **kwargs) -> None:
    instance._audit_initial = _snapshot(instance)


def _on_save(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    if raw:
        return
    current = _snapshot(instance)
    if created:
        record(Operation.CREATE, instance)
    else:
        initial = getattr(instance, "_audit_initial", {})
        changed = [
            name
            for name, value in current.items()
            if name in initial and initial[name] != value and name not in IGNORED_FIELDS
        ]
        if update_fields is not None:
            changed = [name for name in changed if name in update_fields or name.removesuffix("_id") in update_fields]
        if changed:
            record(Operation.UPDATE, instance, [_field_name(sender, name) for name in changed])
    instance._audit_initial = current


def _field_name(model: type[models.Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    return attname


def _on_delete(sender, instance, **kwargs) -> None:
    record(Operation.DELETE, instance)


def _on_m2m(sender, instance, action, reverse, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        field = next(f.name for f in instance._meta.many_to_many if f.remote_field.through is sender)
        record(Operation.UPDATE, instance, [field])


def connect_signals() -> None:
    for model in apps.get_models():
        if not is_audited(model):
            continue
        uid = f"audit:{_label(model)}"
        post_init.connect(_on_init, sender=model, dispatch_uid=uid)
        post_save.connect(_on_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            m2m_changed.connect(_on_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}")
