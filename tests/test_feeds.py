"""Every Atom feed of the portal (all of the URL configuration's) is valid by RFC 4287, and
its text is escaped exactly once, as the type it claims: read with a real parser (feedparser)
and checked against the RFC's rules (with the standard library's XML parser)."""

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlparse

import feedparser
import pytest
from django.urls import reverse

from tests.factories import ActionItemFactory, ActionUpdateFactory, SignedCouncilFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["councils:signatories-feed", "actions:feed"]
# A name with markup, an ampersand, quotes and an entity-looking text: shown as typed, never run
# and never shown with escapes.
TRICKY = """<b>Bold</b> & "Quoted" 'Apos' &amp; Parish Council"""
# RFC 3339 date-time (RFC 4287 section 3.3).
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TEXT_CONSTRUCTS = {"title", "subtitle", "summary", "rights", "content"}


class _Text(HTMLParser):
    """What a reader shows of an HTML fragment: its text, entities resolved."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def shown(fragment: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts), parser.tags


@pytest.fixture
def feeds_with_tricky_text(charter):
    SignedCouncilFactory(name=TRICKY, signed_version=charter)
    SignedCouncilFactory(name="Plain Parish Council", signed_version=charter)
    item = ActionItemFactory(title=TRICKY)
    ActionUpdateFactory(item=item, text=f"Met {TRICKY}")


def _one(parent, name, where):
    found = parent.findall(ATOM + name)
    assert len(found) == 1, f"{where}: {len(found)} atom:{name}, RFC 4287 asks for exactly one"
    return found[0]


def _at_most_one(parent, name, where):
    assert len(parent.findall(ATOM + name)) <= 1, f"{where}: more than one atom:{name}"


def _check_date(element, where):
    assert RFC3339.match(element.text or ""), f"{where}: {element.text!r} is not RFC 3339"


def _check_iri(element, where):
    assert urlparse(element.text or "").scheme, f"{where}: atom:id {element.text!r} not an IRI"


def _check_author(author, where):
    names = author.findall(ATOM + "name")
    assert len(names) == 1 and (names[0].text or "").strip(), f"{where}: author without a name"


def rfc4287_problems(root) -> None:
    """Assert the rules of RFC 4287 sections 3, 4.1.1 and 4.1.2 that a generator can break."""
    assert root.tag == ATOM + "feed", root.tag
    _check_iri(_one(root, "id", "feed"), "feed")
    _one(root, "title", "feed")
    _check_date(_one(root, "updated", "feed"), "feed")
    for name in ("subtitle", "rights", "icon", "logo", "generator"):
        _at_most_one(root, name, "feed")
    feed_authors = root.findall(ATOM + "author")
    for author in feed_authors:
        _check_author(author, "feed")
    entries = root.findall(ATOM + "entry")
    assert entries, "no entries"
    for n, entry in enumerate(entries):
        where = f"entry {n}"
        _check_iri(_one(entry, "id", where), where)
        _one(entry, "title", where)
        _check_date(_one(entry, "updated", where), where)
        for name in ("summary", "content", "published", "rights", "source"):
            _at_most_one(entry, name, where)
        for published in entry.findall(ATOM + "published"):
            _check_date(published, where)
        authors = entry.findall(ATOM + "author")
        for author in authors:
            _check_author(author, where)
        # 4.1.1: the feed has an author unless every entry has one.
        assert feed_authors or authors, f"{where}: no author, and none for the feed"
        # 4.1.2: without atom:content, an alternate link.
        if entry.find(ATOM + "content") is None:
            rels = [link.get("rel", "alternate") for link in entry.findall(ATOM + "link")]
            assert "alternate" in rels, f"{where}: no alternate link and no content"
    # 3.1: text constructs are text, html or xhtml; text and html hold no child elements.
    for element in root.iter():
        if element.tag.removeprefix(ATOM) in TEXT_CONSTRUCTS:
            kind = element.get("type", "text")
            assert kind in {"text", "html", "xhtml"}, f"{element.tag}: type {kind!r}"
            if kind in {"text", "html"}:
                assert len(element) == 0, f"{element.tag}: child elements in a {kind} construct"


def text_of(element) -> str:
    """What a reader shows of a text construct (RFC 4287 section 3.1)."""
    kind = element.get("type", "text")
    if kind == "html":
        text, tags = shown(element.text or "")
        return text
    return element.text or ""


@pytest.mark.parametrize("name", FEEDS)
def test_every_feed_is_valid_atom(anon_client, feeds_with_tricky_text, name):
    response = anon_client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    rfc4287_problems(ET.fromstring(response.content))  # noqa: S314 - our own output

    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.get("author") or parsed.feed.get("author"), entry.get("id")


@pytest.mark.parametrize("name", FEEDS)
def test_text_is_escaped_once_as_the_type_it_claims(anon_client, feeds_with_tricky_text, name):
    root = ET.fromstring(anon_client.get(reverse(name)).content)  # noqa: S314 - our own output
    titles, summaries = [], []
    for entry in root.findall(ATOM + "entry"):
        titles.append(text_of(entry.find(ATOM + "title")))
        summary = entry.find(ATOM + "summary")
        if summary is not None:
            summaries.append(text_of(summary))
            if summary.get("type") == "html":
                _text, tags = shown(summary.text or "")
                assert "b" not in tags, f"markup from the data became HTML: {summary.text!r}"
    assert any(TRICKY in title for title in titles), titles
    assert any(TRICKY in summary for summary in summaries), summaries
    everything = " ".join(titles + summaries)
    assert "&lt;" not in everything and "&amp;amp;" not in everything  # never escaped twice


def test_the_feed_entries_read_as_written_by_a_feed_reader(anon_client, feeds_with_tricky_text):
    parsed = feedparser.parse(anon_client.get(reverse("councils:signatories-feed")).content)
    [entry] = [e for e in parsed.entries if "Bold" in e.title]
    assert entry.title == TRICKY
    assert entry.title_detail.type == "text/plain"
    assert entry.summary_detail.type == "text/html"
    assert TRICKY in html.unescape(re.sub(r"<[^>]+>", "", entry.summary))
    assert "<b>" not in entry.summary
    assert parsed.feed.author == "Oxfordshire Councils Charter policy team"


def test_every_feed_of_the_url_configuration_is_checked_here():
    from django.contrib.syndication.views import Feed

    from tests import permission_rules as rules

    def is_feed(callback):
        while callback is not None:
            if isinstance(callback, Feed):
                return True
            callback = getattr(callback, "__wrapped__", None)
        return False

    found = {route.name for route in rules.routes() if is_feed(route.callback)}
    assert found == set(FEEDS)
