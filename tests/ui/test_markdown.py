"""Markdown typed by the policy team becomes safe GOV.UK HTML (ui.markdown)."""

from html.parser import HTMLParser

import pytest

from ui.markdown import ALLOWED_TAGS, render_markdown


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    """No element a browser would run: only allowed tags, no event handlers or styles, links
    only to http(s), mailto or tel (text that merely looks like HTML is escaped, and fine)."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= {"class", "href", "title", "rel"}, attrs
        href = (attrs.get("href") or "").strip().lower()
        if href:
            assert href.startswith(("http://", "https://", "mailto:", "tel:")), href


def test_markdown_becomes_govuk_html():
    html = render_markdown(
        "# Deciding\n\nA *council* decides.\n\n- one\n- two\n\n[OALC](https://oalc.org.uk)"
    )
    assert '<h2 class="govuk-heading-l">Deciding</h2>' in html
    assert '<p class="govuk-body">A <em>council</em> decides.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert 'href="https://oalc.org.uk"' in html
    assert 'class="govuk-link"' in html and 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        '<svg onload="alert(1)"></svg>',
        "<iframe src=https://evil.example></iframe>",
        '<div style="background:url(javascript:alert(1))">x</div>',
        "![x](https://evil.example/track.png)",
        '[x](https://ok.example "t" onclick="alert(1)")',
    ],
)
def test_hostile_markdown_never_executes(hostile):
    assert_inert(render_markdown(f"Before {hostile} after"))


def test_only_safe_link_schemes_keep_their_address():
    html = render_markdown(
        "[a](mailto:policyteam@oxfordshire.gov.uk) [b](tel:+441865792422) [c](ftp://x.example/f)"
    )
    assert 'href="mailto:policyteam@oxfordshire.gov.uk"' in html
    assert 'href="tel:+441865792422"' in html
    assert "ftp://" not in html.split(">c<")[0].rsplit("<a", 1)[-1]
