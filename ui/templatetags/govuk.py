"""Template filters for GOV.UK markup."""

import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def govuk_paragraphs(text) -> SafeString:
    """Plain text as GOV.UK body paragraphs: a blank line starts a paragraph, a single line
    break stays a line break. Django's ``linebreaks`` gives bare ``<p>``, which has none of
    the page's typography."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(text or "").replace("\r\n", "\n"))]
    return format_html_join(
        "\n",
        '<p class="govuk-body">{}</p>',
        (
            (SafeString("<br>".join(escape(line) for line in p.split("\n"))),)
            for p in paragraphs
            if p
        ),
    )


# GOV.UK Frontend's tag colours ("" is its default, dark blue on light blue).
TAG_COLOURS = frozenset(
    {"", "grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange"}
    | {"yellow"}
)


def status_tag_colour(obj, field: str = "status") -> str:
    """The tag colour of ``obj``'s ``field``: from ``obj.STATUS_TAG_COLOURS`` (value -> colour,
    declared once next to the model's statuses), grey for a value it does not list. Raises
    ``ValueError`` for a colour GOV.UK Frontend has no tag for."""
    colour = getattr(obj, "STATUS_TAG_COLOURS", {}).get(getattr(obj, field), "grey")
    if colour not in TAG_COLOURS:
        raise ValueError(f"GOV.UK Frontend has no {colour!r} tag.")
    return colour


@register.simple_tag
def status_tag(obj, field: str = "status") -> SafeString:
    """``{% status_tag council %}``: the GOV.UK tag of ``obj``'s status, its label the choice's
    (``get_<field>_display``), its colour ``status_tag_colour``."""
    colour = status_tag_colour(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    css = f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"
    return format_html('<strong class="{}">{}</strong>', css, label)
