"""Markdown written in the portal (by the policy team), turned into safe HTML once, when saved.

The text is rendered by ``markdown-it-py`` (CommonMark, with tables and strikethrough), with raw
HTML in the text shown as text rather than passed through, and then sanitised by ``nh3`` (the
Rust ``ammonia`` sanitiser): only the tags below, no attributes but a link's ``href`` and
``title``, links only to ``http``, ``https``, ``mailto`` and ``tel`` addresses. So a script tag,
an event handler or a ``javascript:`` link typed in the text never reaches a page. Headings move
down one level (``#`` is an ``h2``) because the page's own title is the ``h1``, and every tag gets
its GOV.UK Frontend class.
"""

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

# GOV.UK Frontend's classes for the tags Markdown makes (its "typography" styles).
_CLASSES = {
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "h5": "govuk-heading-s",
    "h6": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    "blockquote": "govuk-inset-text",
}
ALLOWED_TAGS = frozenset({*_CLASSES, "li", "strong", "em", "code", "pre", "br", "s", "del"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def render_markdown(text: str) -> str:
    """``text`` (Markdown, as typed) as sanitised HTML (a string safe to mark safe).

    Any HTML in ``text`` is escaped; links whose scheme is not in ``URL_SCHEMES`` lose their
    ``href``; images are dropped (an image from another site would tell it who reads the page).
    """
    tokens = _md.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href", "title"}},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={tag: {"class": classes} for tag, classes in _CLASSES.items()},
    )
