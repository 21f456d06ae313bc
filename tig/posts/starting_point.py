"""Where a user's searches start: the town of their court or service, or of their organisation
(« Mâcon » for a Mâcon judge), or of their bar. Referents and the agency start from nothing."""

from tig.accounts.models import User
from tig.organisations.models import Organisation
from tig.territories.models import Commune


def home_commune(user: User) -> Commune | None:
    if user.service is not None:
        return Commune.objects.filter(pk=user.service.commune_id).first() if user.service.commune_id else None
    if user.is_host_staff:
        organisation = Organisation.objects.filter(pk__in=user.organisation_roles).select_related("commune")
        first = organisation.order_by("pk").first()
        return first.commune if first else None
    if user.is_lawyer and user.bar:  # « Dijon »: the town of the bar, when it names one commune
        return Commune.objects.resolve(user.bar).commune
    return None


def initial_search(user: User) -> dict[str, str]:
    """The search form's initial values for a page opened without criteria."""
    commune = home_commune(user)
    return {"lieu": commune.label} if commune is not None and commune.is_located else {}
