"""Markup that pages repeat many times, built in Python in one pass (docs/decisions/0005)."""

from collections.abc import Iterable
from html import escape

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from tig.core import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context: Context) -> str:
    """The main menu of the signed-in user (tig/core/navigation.py)."""
    request = context["request"]
    match = request.resolver_match
    return navigation.main_menu(request.user, match.app_name if match else "")


@register.simple_tag
def select_options(choices: Iterable[tuple[object, object, bool]]) -> SafeString:
    """The <option> elements of (value, label, selected) choices: the search form's list of
    départements has a hundred, on every search page."""
    return mark_safe(  # values and labels are escaped
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if selected else ""}>{escape(str(label))}</option>'
            for value, label, selected in choices
        )
    )


@register.simple_tag
def checkboxes(choices: Iterable[tuple[str, object, str, object, bool]]) -> SafeString:
    """DSFR small checkboxes, each in its fieldset element, from (name, value, id, label,
    checked) choices: the search form's filters."""
    return mark_safe(  # every value is escaped
        "".join(
            '<div class="fr-fieldset__element"><div class="fr-checkbox-group fr-checkbox-group--sm">'
            f'<input type="checkbox" name="{escape(name)}" value="{escape(str(value))}" id="{escape(id_)}"'
            f'{" checked" if checked else ""}><label class="fr-label" for="{escape(id_)}">{escape(str(label))}</label>'
            "</div></div>"
            for name, value, id_, label, checked in choices
        )
    )


@register.simple_tag(takes_context=True)
def header_tools(context: Context) -> str:
    """The header's links (notifications, account, log out), shown twice (in the bar and in
    the mobile menu): rendered once per request."""
    request = context["request"]
    markup: str | None = getattr(request, "_header_tools", None)
    if markup is None:
        assert context.template is not None  # a tag renders inside a template
        markup = context.template.engine.get_template("includes/header_tools.html").render(context)
        request._header_tools = markup
    return markup
