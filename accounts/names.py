"""What a person's name may be: one line of text that cannot pass for the portal's own words.

A name is shown to the policy team and to councils, and quoted in emails sent to them
(``templates/email/``): a name with line breaks could start a paragraph of its own, and one with
a web address could pass a link off as the portal's.
"""

import re

from django.core.exceptions import ValidationError

NAME_ONE_LINE = "Enter your name on one line."
NAME_NO_WEB_ADDRESS = "Enter your name without a web address."

# Line breaks (including Unicode's line and paragraph separators) and other control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# "https://", "www.", or a domain such as "example.com" (a lower-case ending, so that
# "St.John" or "J. Smith" pass).
_WEB_ADDRESS = re.compile(r"://|\bwww\.|\b[\w-]+\.[a-z]{2,}\b")


def name_validate(value: str) -> None:
    """Raise ``ValidationError`` (field message) if ``value`` is not a one-line name without a
    web address."""
    if _CONTROL.search(value or ""):
        raise ValidationError(NAME_ONE_LINE, code="one_line")
    if _WEB_ADDRESS.search(value or ""):
        raise ValidationError(NAME_NO_WEB_ADDRESS, code="web_address")
