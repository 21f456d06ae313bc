from functools import lru_cache
from html import escape

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from tig.posts.sessions import when
from tig.territories.models import searchable_departements

register = template.Library()


@register.simple_tag
def places_badge(post):
    """« 2 places disponibles sur 3 », or « Complet (3 places) »: a DSFR badge."""
    available, offered = post.places_available, post.places_offered
    if available > 0:
        plural = "s" if available > 1 else ""
        return format_html(
            '<p class="fr-badge fr-badge--success fr-badge--sm fr-badge--no-icon">{} place{} disponible{} sur {}</p>',
            available,
            plural,
            plural,
            offered,
        )
    return format_html(
        '<p class="fr-badge fr-badge--warning fr-badge--sm fr-badge--no-icon">Complet ({} place{})</p>',
        offered,
        "s" if offered > 1 else "",
    )


# A pk no post has: reversed once per list, then replaced by each post's own.
URL_PK = 987654321


@register.simple_tag
def result_cards(hits, back: str):
    """The results of the search list, as DSFR cards, built in one pass: the list's twenty
    cards are the busiest markup of the platform (docs/decisions/0005). Plain strings only,
    escaped with the standard library (Django's escape also looks for lazy strings)."""
    detail = reverse("posts:detail", args=[URL_PK])
    back = escape(back)
    cards = []
    for hit in hits:
        post = hit.post
        distance = "" if hit.distance_km is None else f", à {hit.distance_km:.1f} km".replace(".", ",")
        tags = "".join(f'<li><p class="fr-tag fr-tag--sm">{escape(tag)}</p></li>' for tag in post.search_tags)
        cards.append(
            '<li class="tig-result"><div class="fr-card fr-card--horizontal fr-enlarge-link fr-card--sm">'
            '<div class="fr-card__body"><div class="fr-card__content">'
            f'<h3 class="fr-card__title"><a href="{detail.replace(str(URL_PK), str(post.pk))}?retour={back}">'
            f"{escape(post.title)}</a></h3>"
            f'<p class="fr-card__desc">{escape(post.organisation_name)} — {escape(post.commune_label)}{distance}</p>'
            f'<div class="fr-card__start"><ul class="fr-tags-group">{tags}</ul></div>'
            f"{_next_sessions(hit.sessions)}"
            f'<div class="fr-card__end">{places_badge(post)}</div>'
            "</div></div></div></li>"
        )
    return mark_safe("".join(cards))  # every value above is escaped


def session_label(session) -> str:
    """« sam. 12/12, 8 h 30–12 h : 4 places libres sur 6 » (plain text)."""
    free = session.free_seats
    seats = f"{free} place{'s' if free > 1 else ''} libre{'s' if free > 1 else ''} sur {session.capacity}"
    if not free:
        seats = f"complète ({session.capacity} places)"
    return f"{when(session, year=False)} : {seats}"


def _next_sessions(sessions) -> str:
    if not sessions:
        return ""
    items = "".join(f"<li>{escape(session_label(session))}</li>" for session in sessions)
    return f'<div class="fr-card__desc"><p class="fr-mb-0">Prochaines séances :</p><ul>{items}</ul></div>'


register.filter("session_label", session_label)
register.filter("session_when", when)


@lru_cache(maxsize=4)
def _departement_options(choices: tuple[tuple[str, str], ...]) -> str:
    return "".join(f'<option value="{escape(code)}">{escape(label)}</option>' for code, label in choices)


@register.simple_tag
def departement_options(chosen: str | None):
    """The search form's hundred départements as <option> elements, written once per process
    (and again when the list changes), the chosen one marked."""
    markup = _departement_options(tuple(searchable_departements()))
    if chosen:
        option = f'<option value="{escape(str(chosen))}">'
        markup = markup.replace(option, option[:-1] + " selected>", 1)
    return mark_safe(markup)  # written from escaped values
