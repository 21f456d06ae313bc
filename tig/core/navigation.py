"""The main menu: the sections of the platform that a user's role opens.

The menu depends only on what kind of user it is and on the section of the current page,
never on anything else of the request: its markup is built once per kind of user and
section, then kept in the cache (every page shows it)."""

from html import escape
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import mark_safe


def sections(user: Any) -> tuple[tuple[str, str, str], ...]:
    """(label, URL name, section) of each entry of the user's menu, in order."""
    if user.is_partner_coordinator:
        return (("Mon réseau", "partnerships:network", "partnerships"),)
    items = [("Rechercher un poste", "posts:search", "posts")]
    if user.is_host_staff:
        items.append(("Ma structure", "organisations:list", "organisations"))
    elif user.is_referent or user.is_national_admin:
        items.append(("Structures d'accueil", "organisations:list", "organisations"))
        items.append(("Invitations", "accounts:invitations", "accounts"))
    if (
        user.is_host_staff
        or user.is_referent
        or user.is_national_admin
        or user.decision_departement_code
        or user.is_prosecutor
        or user.is_jap
    ):
        items.append(("Dossiers", "habilitations:waiting", "habilitations"))
    if settings.MEASURES_ENABLED and user.follows_measures:
        items.append(("Mesures", "measures:caseload", "measures"))
    elif settings.MEASURES_ENABLED and user.is_host_staff:
        items.append(("Personnes accueillies", "measures:hosted", "measures"))
    if settings.MEASURES_ENABLED and (
        user.is_host_staff or ((user.is_spip_staff or user.is_pjj_director) and user.service_id is not None)
    ):
        items.append(("Chantiers collectifs", "collective:home", "collective"))
    if user.is_national_admin or user.is_referent or user.decision_departement_code or user.is_magistrate:
        items.append(("Statistiques", "stats:overview", "stats"))
    if user.is_national_admin or user.is_referent:
        items.append(("Prospection", "prospecting:pipeline", "prospecting"))
        items.append(("Partenariats", "partnerships:list", "partnerships"))
    if user.is_national_admin or user.is_referent or user.is_host_staff:
        items.append(("Réseau", "network:events", "network"))
        items.append(("Formation", "training:courses", "training"))
    if user.is_national_admin:
        items.append(("Journal des opérations", "audit:list", "audit"))
    return tuple(items)


def main_menu(user: Any, section: str) -> str:
    """The menu's markup (DSFR navigation), the current section marked."""
    items = sections(user)
    key = "menu:" + "|".join(name for _label, name, _section in items) + f":{section}"
    markup: str | None = cache.get(key)
    if markup is None:
        current = ' aria-current="page"'
        links = "".join(
            f'<li class="fr-nav__item"><a class="fr-nav__link" href="{escape(reverse(name))}"'
            f"{current if entry_section == section else ''}>{escape(label)}</a></li>"
            for label, name, entry_section in items
        )
        markup = (
            '<nav class="fr-nav" id="fr-navigation" role="navigation" aria-label="Menu principal">'
            f'<ul class="fr-nav__list">{links}</ul></nav>'
        )
        cache.set(key, markup, timeout=None)
    return mark_safe(markup)  # labels and addresses are escaped
