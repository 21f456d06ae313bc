"""The pipeline follows the organisation's own steps (docs/regles.md, P3): signed up, a file
filed, a file granted, a post in search. The handlers run inside the transaction of the step
that triggered them, so the stage moves with it or not at all."""

from typing import Any

from django.db.models.signals import post_save

from tig.habilitations.enums import DossierKind, DossierStatus
from tig.habilitations.models import Dossier
from tig.organisations.models import Organisation
from tig.posts.models import Post
from tig.prospecting import services
from tig.prospecting.enums import Stage
from tig.prospecting.models import Target


def _organisation_saved(sender: Any, instance: Organisation, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        services.organisation_signed_up(instance)


def _followed(organisation_id: int) -> bool:
    return Target.objects.filter(organisation_id=organisation_id).exclude(stage=Stage.ACTIVE).exists()


def _dossier_saved(sender: Any, instance: Dossier, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.kind not in services.FOLLOWED_KINDS or not _followed(instance.organisation_id):
        return
    granted = instance.status == DossierStatus.GRANTED
    if granted or instance.status in services.FILED:
        label = DossierKind(instance.kind).label
        note = f"{label} : {'décision favorable' if granted else 'dossier déposé'} ({instance.reference})"
        services.dossier_moved(instance.organisation_id, filed=True, granted=granted, label=note[:255])


def _post_saved(sender: Any, instance: Post, raw: bool = False, **kwargs: Any) -> None:
    if raw or not _followed(instance.organisation_id):
        return
    if Post.objects.filter(pk=instance.pk, listed=True).exists():
        services.post_listed(instance.organisation_id)


def connect() -> None:
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="prospecting:organisation")
    post_save.connect(_dossier_saved, sender=Dossier, dispatch_uid="prospecting:dossier")
    post_save.connect(_post_saved, sender=Post, dispatch_uid="prospecting:post")
