"""Filters for the plain-text emails (``templates/email/``): text a person typed is never
placed raw into an email to someone else, where it could read as the portal's own words.

- ``one_line``: a name or a short value on one line (line breaks and other control characters
  become spaces).
- ``said``: the same, in quotation marks: "Jo Bloggs".
- ``quoted``: a longer text, every line marked "| " as an email quotes, after a line that says
  whose words they are (the template's).

Load with ``{% load email_text %}``.
"""

import re

from django import template

register = template.Library()

_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")
QUOTE_MARK = "| "


@register.filter
def one_line(value) -> str:
    """``value`` as text on one line, spaces collapsed: "Jo\\nBloggs" -> "Jo Bloggs"."""
    return _SPACE.sub(" ", str(value if value is not None else "")).strip()


@register.filter
def said(value) -> str:
    """``value`` on one line in quotation marks (what someone told us, not our words)."""
    return f"\u201c{one_line(value)}\u201d"


@register.filter
def quoted(value) -> str:
    """Every line of ``value`` marked with "| ", blank lines too, so that no line of it
    stands apart as the portal's."""
    text = str(value if value is not None else "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [one_line(line) for line in text.strip().split("\n")] or [""]
    return "\n".join((QUOTE_MARK + line).rstrip() for line in lines)
