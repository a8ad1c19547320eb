"""Template filters for GOV.UK markup."""

import re

from django import template
from django.utils.html import escape, format_html_join
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
