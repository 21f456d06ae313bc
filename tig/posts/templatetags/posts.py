from django import template
from django.utils.html import format_html

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
