"""Assignment and its end. Taking a place is one conditional UPDATE of the post's row
(« a place is left »), inside the transaction that records the placement: two decisions on
the last place at the same moment cannot both win, on PostgreSQL as on SQLite, and the
database's own check (places_taken ≤ places_offered) stands behind it."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tig.accounts.enums import MagistrateFunction, Role
from tig.accounts.models import User
from tig.measures.enums import MeasureStatus
from tig.measures.models import Measure, Placement
from tig.notifications.enums import NotificationKind
from tig.notifications.services import notify
from tig.posts.models import Post


class AssignmentError(Exception):
    """A decision refused, with the reason in French for the user."""


def assign(measure: Measure, post: Post, user, *, tasks: str, schedule: str, medical_triggers: list[str]) -> Placement:
    try:
        with transaction.atomic():
            measure = Measure.objects.select_for_update().get(pk=measure.pk)
            if measure.is_closed:
                raise AssignmentError("La mesure est close : elle ne peut plus être affectée.")
            if measure.placements.active().exists():
                raise AssignmentError("La mesure est déjà affectée : mettez d'abord fin à l'affectation en cours.")
            taken = Post.objects.filter(pk=post.pk, listed=True, places_taken__lt=F("places_offered")).update(
                places_taken=F("places_taken") + 1
            )
            if not taken:
                raise AssignmentError(
                    f"Il ne reste plus de place sur le poste « {post.title} » : choisissez un autre poste."
                )
            placement = Placement.objects.create(
                measure=measure,
                post=post,
                tasks=tasks,
                schedule=schedule,
                medical_triggers=medical_triggers,
                decided_by=user,
            )
            measure.status = MeasureStatus.ASSIGNED
            measure.save(update_fields=["status"])
            _announce(measure, post)
    except IntegrityError as error:  # the other decision on this measure won the race
        raise AssignmentError("La mesure vient d'être affectée par quelqu'un d'autre.") from error
    return placement


def _announce(measure: Measure, post: Post) -> None:
    """The host hears of it (its members: administrators and tutors); the prosecutor of the
    tribunal is informed (CP 131-22)."""
    notify(
        User.objects.filter(memberships__organisation_id=post.organisation_id, is_active=True),
        NotificationKind.PLACEMENT,
        f"Une personne est affectée sur le poste « {post.title} »",
        f"Le service {measure.service} affecte une personne (mesure {measure.appi_number}) sur ce poste. "
        "Son conseiller vous contactera pour le premier rendez-vous.",
        reverse("posts:detail", args=[post.pk]),
    )
    if measure.tribunal_id:
        prosecutors = User.objects.filter(
            role=Role.MAGISTRATE,
            magistrate_function=MagistrateFunction.PROSECUTOR,
            service_id=measure.tribunal_id,
            is_active=True,
        )
        notify(
            prosecutors,
            NotificationKind.PLACEMENT,
            f"Affectation de la mesure {measure.appi_number}",
            f"La mesure {measure.appi_number} ({measure.get_kind_display().lower()}) est affectée sur le poste "
            f"« {post.title} » ({post.organisation.name}).",
        )


def end_placement(measure: Measure, reason: str) -> Placement:
    """End the current placement and give its place back to search at once."""
    with transaction.atomic():
        measure = Measure.objects.select_for_update().get(pk=measure.pk)
        placement = measure.placements.active().first()
        if placement is None:
            raise AssignmentError("La mesure n'a pas d'affectation en cours.")
        placement.ended_at = timezone.now()
        placement.end_reason = reason
        placement.save(update_fields=["ended_at", "end_reason"])
        Post.objects.filter(pk=placement.post_id, places_taken__gt=0).update(places_taken=F("places_taken") - 1)
        if measure.status in (MeasureStatus.ASSIGNED, MeasureStatus.IN_PROGRESS):
            measure.status = MeasureStatus.REFERRED
            measure.save(update_fields=["status"])
    return placement
