"""Template filters for GOV.UK markup."""

import re

from django import template
from django.template.library import parse_bits
from django.template.loader import get_template
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


class TableNode(template.Node):
    """The ``{% govuk_table %}`` block: see ``govuk_table``."""

    def __init__(self, args, options, caption, rows):
        self.args, self.options, self.caption, self.rows = args, options, caption, rows

    def render(self, context) -> SafeString:
        label, *headers = (arg.resolve(context) for arg in self.args)
        options = {name: value.resolve(context) for name, value in self.options.items()}
        numeric_from = len(headers) - int(options.get("numeric", 0))
        cells = [
            {"text": text, "numeric": index >= numeric_from} for index, text in enumerate(headers)
        ]
        return get_template("includes/_table.html").render(
            {
                **options,
                "label": label,
                "headers": cells,
                "caption": self.caption.render(context).strip(),
                "rows": self.rows.render(context),
            }
        )


@register.tag
def govuk_table(parser, token) -> TableNode:
    """A GOV.UK table in its scrolling region, the markup written once in
    ``templates/includes/_table.html``::

        {% govuk_table "Requests waiting" "Person" "Council" hidden="Action" caption_size="m" %}
          {{ paginator.count }} waiting
        {% govuk_table_rows %}
          {% for role in roles %}<tr class="govuk-table__row">...</tr>{% endfor %}
        {% endgovuk_table %}

    The first argument is the region's ``aria-label``, the others the column headings. Before
    ``{% govuk_table_rows %}`` comes the caption, after it the body's rows. Options:
    ``numeric`` (int: how many of the last columns hold numbers, right-aligned as GOV.UK
    Frontend asks), ``hidden`` (a last column whose heading only screen readers hear, e.g. the
    column of links), ``caption_size`` ("s", "m", "l"), ``caption_hidden`` (bool),
    ``table_class`` and ``table_id`` (on the ``<table>``). Raises ``TemplateSyntaxError``
    without a label or for an unknown option."""
    args, options = parse_bits(
        parser,
        token.split_contents()[1:],
        params=["label"],
        varargs="headers",
        varkw=None,
        defaults=None,
        kwonly=list(TABLE_OPTIONS),
        kwonly_defaults=dict.fromkeys(TABLE_OPTIONS),
        name="govuk_table",
    )
    caption = parser.parse(("govuk_table_rows",))
    parser.delete_first_token()
    rows = parser.parse(("endgovuk_table",))
    parser.delete_first_token()
    return TableNode(args, options, caption, rows)


TABLE_OPTIONS = ("numeric", "hidden", "caption_size", "caption_hidden", "table_class", "table_id")
