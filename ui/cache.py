"""A shared cache of whole public pages, made stale by every committed write.

What is cached: the HTML of a public page as an anonymous visitor gets it (no session or
messages cookie), by host, path and the query parameters the page's view declares it reads
(``@public_page(reads=[...])``): other parameters (``?utm_source=``, ``?x=1``, ``?x=2``...) make
no new entry, and the view never sees them, so the page it renders is the same for all of them.
Never a page for a signed-in user, never a response that sets a cookie, holds a CSRF token or a
message, never anything but a 200.

Where: the ``pages`` cache (``CACHES``), which every gunicorn process and host shares: the
database by default, Redis if ``CACHE_URL`` says so (settings). It is not Django's default
cache: that one holds the security counters (log-in lock-out, rate limits), which page traffic
must never push out.

Each process also keeps a copy of the pages it served recently (``_Replicas``), but serves one
only when the shared generation, read on every request, is still the one it was stored under:
the process saves fetching the page itself from the shared cache, never the freshness check,
so every process gives the same answer.

When it goes stale: public pages fall into page groups (``PageGroup``, all declared below in
``PAGE_GROUPS``): each ``@public_page`` view names the groups whose data it shows, and every
service that writes something a public page shows calls ``pages_changed(GROUP, ...)`` inside its
transaction, next to the write, naming the groups it makes stale. When the transaction commits,
each of those groups gets a new random "generation" in the cache, and a cached page is served
only if it was stored under the generations of its groups current now. A write to the action
plan leaves the charter's pages cached.
The writer's own next request, and anyone's request after it, sees the write: the new
generation is set before the writer's response leaves. A page rendered while a write commits is
stored under the generation read before it was rendered, so it is never served after the bump.

Who answers: ``PageCacheMiddleware``, early in the middleware, for the addresses of
``@public_page`` views; the decorator itself on a miss, which renders and stores the page (one
render per page after a write: the other requests wait for it).

The content security policy nonce is per response: a page is stored cut where its nonce was,
and each response from the cache is joined with a fresh nonce (the middleware puts the same one
in the header).
"""

import functools
import hashlib
import itertools
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpResponse, QueryDict
from django.middleware.csp import get_nonce
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.http import http_date, quote_etag

logger = logging.getLogger(__name__)

PAGE_CACHE_ALIAS = "pages"  # settings.CACHES; never the default (security) cache
cache = ConnectionProxy(caches, PAGE_CACHE_ALIAS)

GENERATION_KEY = "portal:pages:generation"  # any write (ETags of open data: ``data_version``)
GROUP_KEY_PREFIX = "portal:pages:group:"  # + a group's name: that group's generation
CHANGED_AT_KEY = "portal:pages:changed-at"  # when the generation last changed (Unix time)
PAGE_KEY_PREFIX = "portal:page:5:"  # the number changes with the format of what is stored
CACHE_HEADER = "X-Portal-Page-Cache"  # "hit" or "miss": for the benchmark and the tests


# --- Page groups: which pages a write makes stale, declared in one place ---------------------


@dataclass(frozen=True)
class PageGroup:
    """A set of public pages that show the same data: a view joins it with
    ``@public_page(groups=[...])``, a service makes it stale with ``pages_changed(group)``.
    ``name`` is short and unique (part of a cache key); ``shows`` says what data it covers."""

    name: str
    shows: str

    def __post_init__(self):
        if self.name in PAGE_GROUPS:
            raise ValueError(f"There is already a page group called {self.name!r}.")
        PAGE_GROUPS[self.name] = self

    @property
    def key(self) -> str:
        return GROUP_KEY_PREFIX + self.name


PAGE_GROUPS: dict[str, PageGroup] = {}  # name -> group: every group there is

# Every group, in one table. A page shows data of a group if anything it renders (a count, a
# status, a name, a link's text) comes from that group's tables; when unsure, name the group.
CHARTER = PageGroup("charter", "the charter: its versions, aims, principles and commitments")
COUNCILS = PageGroup(
    "councils", "the register of councils, their signatures, invitations, status and links"
)
PROGRESS = PageGroup("progress", "councils' progress reports against the commitments")
ACTIONS = PageGroup("actions", "the working group's action plan and its updates")
PARTNERSHIPS = PageGroup(
    "partnerships", "the partnerships register, its meetings, scrutiny reviews and reports"
)
CONSULTATIONS = PageGroup(
    "consultations", "consultations on a draft version: their questions, responses and themes"
)
TOOLKIT = PageGroup(
    "toolkit", "the toolkit's resources (also listed on the charter's pages) and county services"
)
OPEN_DATA = PageGroup("open-data", "the open data's licence and attribution")
SITE = PageGroup("site", "the site's own pages (accessibility, privacy): changed by a release")


def every_page_group() -> tuple[PageGroup, ...]:
    """Every group: for a write that any page may show (the admin, a release)."""
    return tuple(PAGE_GROUPS.values())


# --- Writes: make a group's cached pages stale once the transaction commits -------------------

# The groups written in this thread's open transaction(s), by database alias: bumped by the first
# on-commit callback, so a transaction that writes many things bumps each group once. A
# transaction that rolls back leaves its groups here, to be bumped by the next commit (a page
# rendered again for nothing, never a stale one).
_pending = threading.local()


def _pending_groups(using: str) -> set:
    by_alias = getattr(_pending, "by_alias", None)
    if by_alias is None:
        by_alias = _pending.by_alias = {}
    return by_alias.setdefault(using, set())


def _groups_bump(using: str = DEFAULT_DB_ALIAS) -> None:
    groups = _pending_groups(using)
    if not groups:
        return  # an earlier callback of the same transaction bumped them
    names = sorted(groups)
    groups.clear()
    values = {GROUP_KEY_PREFIX + name: secrets.token_hex(8) for name in names}
    values[GENERATION_KEY] = secrets.token_hex(8)
    values[CHANGED_AT_KEY] = time.time()
    try:
        cache.set_many(values, None)
    except Exception:  # noqa: BLE001 - a cache outage must not undo a committed write
        logger.exception("Could not mark the cached pages of %s stale", ", ".join(names))


def pages_changed(*groups: PageGroup, using: str = DEFAULT_DB_ALIAS) -> None:
    """Call inside a service's transaction, next to a write that public pages show, naming the
    page groups (``PageGroup``) of those pages: once it commits, every cached page of those
    groups is stale (outside a transaction, at once). Raises ``ValueError`` with no group or
    one that is not in ``PAGE_GROUPS``."""
    if not groups:
        raise ValueError("Name the page groups the write makes stale.")
    for group in groups:
        if PAGE_GROUPS.get(getattr(group, "name", None)) is not group:
            raise ValueError(f"{group!r} is not a page group of ui.cache.PAGE_GROUPS.")
    _pending_groups(using).update(group.name for group in groups)
    transaction.on_commit(functools.partial(_groups_bump, using), using=using)


# --- Reads: serve a public page from the cache ----------------------------------------------


# What a stored response keeps besides its body (open data and badges: for conditional GETs,
# the licence, browsers' caching and the file name of a download).
KEPT_HEADERS = ("ETag", "Last-Modified", "Link", "Cache-Control", "Content-Disposition")


def data_version() -> tuple[str, float]:
    """``(generation, changed_at)``: the current generation (a random string that every
    committed write replaces; "" before the first) and when it last changed (Unix time,
    seconds; set now if the cache has lost it). Together they change exactly when a public page
    goes stale: for ETag and Last-Modified headers. Raises if the cache cannot be read."""
    found = cache.get_many([GENERATION_KEY, CHANGED_AT_KEY])
    changed_at = found.get(CHANGED_AT_KEY)
    if changed_at is None:
        changed_at = time.time()
        if not cache.add(CHANGED_AT_KEY, changed_at, None):
            changed_at = cache.get(CHANGED_AT_KEY, changed_at)
    return found.get(GENERATION_KEY) or "", changed_at


def conditional(view):
    """Decorate a view of open data (the API, a badge): its 200 responses to GET and HEAD get an
    ``ETag`` (the generation and the address) and a ``Last-Modified`` (the last write), and a
    client that sends either back gets a 304 without the view running, until the next write.
    Without a cache it serves the view as it is."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        try:
            generation, changed_at = data_version()
        except Exception:  # noqa: BLE001 - no cache: answer in full
            logger.warning("Cache unavailable: %s answered without an ETag", request.path)
            return view(request, *args, **kwargs)
        where = f"{generation}\n{changed_at}\n{request.get_host()}\n{request.get_full_path()}"
        etag = quote_etag(hashlib.sha256(where.encode()).hexdigest()[:32])
        last_modified = int(changed_at)
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
        return response

    return wrapper


def _size(entry: dict) -> int:
    return sum(len(part) for part in entry["parts"])


class _Replicas:
    """This process's copies of pages from the shared cache, least recently used dropped first
    beyond ``max_bytes``. Only ever served under the generation they were stored with."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, generation: str) -> dict | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry["generation"] != generation:
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= _size(old)
            if _size(entry) > self.max_bytes:
                return
            self.entries[key] = entry
            self.size += _size(entry)
            while self.size > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.size -= _size(dropped)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


_replicas = _Replicas(max_bytes=32 * 1024 * 1024)


def _enabled() -> bool:
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0) > 0


def _anonymous(request) -> bool:
    """Without a session there is no signed-in user; without the messages cookie, no message
    waits to be shown."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _query_read(query: QueryDict, reads: frozenset) -> QueryDict:
    """Only the parameters in ``reads``, names sorted (each name's values in their order)."""
    kept = QueryDict(mutable=True)
    for name in sorted(reads & set(query)):
        kept.setlist(name, query.getlist(name))
    kept._mutable = False
    return kept


def _page_key(request, reads: frozenset) -> str:
    query = _query_read(request.GET, reads).urlencode()
    where = f"{request.get_host()}\n{request.path}\n{query}"
    return PAGE_KEY_PREFIX + hashlib.sha256(where.encode()).hexdigest()


def _nonce(request):
    """The request's CSP nonce (Django's middleware makes it lazily), or None."""
    return get_nonce(request)


def _storable(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (messages is not None and (messages.added_new or messages._queued_messages))
        and not (session is not None and session.modified)
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _entry(request, response, generation) -> dict:
    """What is stored: the page cut where its nonce was (``parts``), to be joined again with
    another nonce."""
    body = response.content
    nonce = _nonce(request)
    parts = body.split(str(nonce).encode()) if nonce else [body]  # generated: the page holds it
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return {
        "generation": generation,
        "content_type": response["Content-Type"],
        "parts": parts,
        "headers": headers,
    }


def _response(request, entry) -> HttpResponse:
    parts = entry["parts"]
    if len(parts) > 1:
        nonce = _nonce(request)
        body = (str(nonce).encode() if nonce is not None else b"").join(parts)
    else:
        body = parts[0]
    response = HttpResponse(body, content_type=entry["content_type"])
    response["Content-Length"] = str(len(body))  # as CommonMiddleware sets on a rendered page
    patch_vary_headers(response, ["Cookie"])  # as the page rendered with the session has
    for name, value in entry.get("headers", {}).items():
        response[name] = value
    response[CACHE_HEADER] = "hit"
    if response.has_header("ETag"):  # open data, badges: a client that has it gets a 304
        response = (
            get_conditional_response(request, etag=response["ETag"], response=response) or response
        )
    return response


def _generation(found: dict, groups: frozenset) -> str | None:
    """The page's generation from what the cache holds (``found``: key -> value): the
    generations of its groups, by name; None if any group has none (first use, or evicted)."""
    parts = []
    for name in sorted(groups):
        value = found.get(GROUP_KEY_PREFIX + name)
        if value is None:
            return None
        parts.append(f"{name}={value}")
    return ";".join(parts)


def _generation_read(groups: frozenset) -> str | None:
    """The current generation of a page of these groups (names), or None: one query with the
    database cache."""
    return _generation(cache.get_many([GROUP_KEY_PREFIX + name for name in groups]), groups)


def _generation_start(groups: frozenset) -> str | None:
    """Give each group without a generation a new one (``cache.add``: atomic); the page's
    generation then, or None if another request started one first (its page may be newer than
    what this request rendered: store nothing)."""
    found = cache.get_many([GROUP_KEY_PREFIX + name for name in groups])
    for name in groups:
        key = GROUP_KEY_PREFIX + name
        if found.get(key) is None:
            found[key] = secrets.token_hex(8)
            if not cache.add(key, found[key], None):
                return None
    return _generation(found, groups)


def _cacheable(request) -> bool:
    return request.method == "GET" and _enabled() and _anonymous(request)


def _lookup(request, page: "PublicPage"):
    """``(key, generation, entry)``: the page stored for this request under the current
    generation (``entry``, or None). Read once per request: by the middleware, and the view's
    decorator finds it on the request. Raises if the cache cannot be read."""
    found = getattr(request, "_portal_page_lookup", None)
    if found is not None:
        return found
    key = _page_key(request, page.reads)
    generation = _generation_read(page.groups)
    entry = _replicas.get(key, generation) if generation is not None else None
    if entry is None and generation is not None:
        entry = cache.get(key)
        if entry is not None and entry["generation"] == generation:
            _replicas.put(key, entry)
        else:
            entry = None
    request._portal_page_lookup = (key, generation, entry)
    return request._portal_page_lookup


# A view's ``PublicPage`` is kept on it as an attribute named this + its serial number. A class
# that decorates the ``get`` of a class that decorated its own gets both (``method_decorator``
# copies the parent's attributes over the child's): the later serial, the subclass's, is the
# one that runs outermost, so it is the one that counts.
PUBLIC_PAGE_MARK = "_portal_public_page:"
_serials = itertools.count(1)


@dataclass(frozen=True)
class PublicPage:
    """What ``@public_page`` records on a view: the names of its page groups and the query
    parameters it reads (``serial``: the order the decorators were applied in)."""

    groups: frozenset
    reads: frozenset
    serial: int = field(default=0, compare=False)


def _mark_of(function) -> PublicPage | None:
    marks = [
        value
        for name, value in getattr(function, "__dict__", {}).items()
        if name.startswith(PUBLIC_PAGE_MARK)
    ]
    return max(marks, key=lambda page: page.serial, default=None)


def public_page_of(view) -> PublicPage | None:
    """The ``PublicPage`` of a URL pattern's callback (a function, or a class-based view whose
    ``get`` is decorated), or None if it is not a cached public page."""
    found = _mark_of(view)
    if found is not None:
        return found
    view_class = getattr(view, "view_class", None)  # a class-based view: its decorated get()
    return _mark_of(getattr(view_class, "get", None))


def _public_page(path: str) -> PublicPage | None:
    """The ``PublicPage`` of the view at this address, or None if it is not one: only those are
    looked up early, so that any other request (``/ping/``, the log-in page) costs the cache
    nothing."""
    try:
        view = resolve(path).func
    except Resolver404:
        return None
    return public_page_of(view)


class PageCacheMiddleware:
    """Answers an anonymous GET from the shared cache before the rest of the stack (sessions,
    CSRF, authentication, messages, URL resolution, the view): in ``MIDDLEWARE`` after the
    security, static files, frame and content security policy middleware, whose headers every
    response needs.

    Only the addresses of ``@public_page`` views are looked up, and only a page such a view
    stored, for this host and address, under the current generation, is served here: exactly
    what the view's decorator would serve. Anything else
    goes on down the stack, and the decorator uses what was read here (no second query).
    ``manage.py bootstrap``, run on every release, makes every stored page stale, so a page
    is never served by a release that no longer renders it the same way (or at all)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = _public_page(request.path_info) if _cacheable(request) else None
        if page is not None:
            try:
                _key, _generation_now, entry = _lookup(request, page)
            except Exception:  # noqa: BLE001 - no cache: the view renders the page
                entry = None
            if entry is not None:
                return _response(request, entry)
        return self.get_response(request)


# --- One render per page after a write --------------------------------------------------------
# A write makes its groups' pages stale at once, and the requests that then arrive for the same page
# would all render it together, each slower for sharing the cores (bench/run's mixed phase: the
# directory's p95 went from 10 to 190 ms at one write a second). The first request claims the
# render (``cache.add``, atomic in every backend); the others wait for its page, a few
# milliseconds at a time, and serve it: the page of the generation they read, so never stale.
# They stop waiting, and render it themselves, when the render is released without a page (not
# storable: a 404, a message), when a newer write comes, or after RENDER_WAIT_SECONDS. A claim
# whose process died ends after RENDER_CLAIM_SECONDS.
RENDER_CLAIM_SECONDS = 10
RENDER_WAIT_SECONDS = 2.0


def _claim_key(key: str, generation: str) -> str:
    # The generation names every group of the page: hashed, to keep the key short.
    return f"{key}:rendering:{hashlib.sha256(generation.encode()).hexdigest()[:32]}"


def _render_claim(key: str, generation: str) -> bool:
    return cache.add(_claim_key(key, generation), 1, RENDER_CLAIM_SECONDS)


def _render_release(key: str, generation: str) -> None:
    try:
        cache.delete(_claim_key(key, generation))
    except Exception:  # noqa: BLE001 - the claim ends by itself after RENDER_CLAIM_SECONDS
        logger.warning("Page cache unavailable: a render claim was left to expire")


def _render_wait(key: str, generation: str, groups: frozenset) -> dict | None:
    """The page another request is rendering, once it is stored; None to render it here."""
    claim = _claim_key(key, generation)
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    pause = 0.005
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
        group_keys = [GROUP_KEY_PREFIX + name for name in groups]
        found = cache.get_many([key, *group_keys, claim])  # one query with the database cache
        entry = found.get(key)
        if entry is not None and entry["generation"] == generation:
            _replicas.put(key, entry)
            return entry
        if _generation(found, groups) != generation or claim not in found:
            return None
    return None


def public_page(view=None, *, groups: Iterable[PageGroup] = (), reads: Iterable[str] = ()):
    """Decorate a public view (``method_decorator(public_page(groups=[CHARTER]), name="get")``
    on a class; ``reads=["q", "page"]`` for a page that reads those query parameters): anonymous
    GET requests are answered from the shared cache while nothing in its ``groups`` (the
    page groups, ``PageGroup``, whose data it shows) has been written since the page was stored
    (``PageCacheMiddleware`` answers most of them before the view is reached), and the pages
    it renders are stored, keyed on the host, the path and the parameters in ``reads``. The view
    sees only those parameters in ``request.GET``, for anyone, so that what it renders depends
    on nothing the key leaves out. Raises ``ValueError`` without a group, or with one not in
    ``PAGE_GROUPS``."""
    if view is None:
        return functools.partial(public_page, groups=groups, reads=reads)
    groups = tuple(groups)
    if not groups:
        raise ValueError(f"Say which page groups {view!r} shows (public_page(groups=[...])).")
    for group in groups:
        if PAGE_GROUPS.get(getattr(group, "name", None)) is not group:
            raise ValueError(f"{group!r} is not a page group of ui.cache.PAGE_GROUPS.")
    page = PublicPage(
        groups=frozenset(g.name for g in groups), reads=frozenset(reads), serial=next(_serials)
    )
    reads = page.reads

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(request, "_portal_query_read", False):  # the outermost view's reads
            request.GET = _query_read(request.GET, reads)
            request._portal_query_read = True
        nested = getattr(request, "_portal_page_cache", False)  # a subclass's view decorated too
        if nested or not _cacheable(request):
            return view(request, *args, **kwargs)
        request._portal_page_cache = True
        try:
            key, generation, entry = _lookup(request, page)
        except Exception:  # noqa: BLE001 - no cache: render the page as if it were not cached
            logger.warning("Page cache unavailable: %s rendered without it", request.path)
            return view(request, *args, **kwargs)
        if entry is not None:
            return _response(request, entry)

        claimed = False
        if generation is not None:
            try:
                claimed = _render_claim(key, generation)
                if not claimed:  # another request is rendering this page: wait for it
                    entry = _render_wait(key, generation, page.groups)
                    if entry is not None:
                        return _response(request, entry)
            except Exception:  # noqa: BLE001 - no cache: render the page ourselves
                logger.warning("Page cache unavailable: %s rendered without it", request.path)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()  # a TemplateResponse: its content is needed now
            if _storable(request, response):
                try:
                    if generation is None:  # first use, or lost (evicted): start new ones
                        generation = _generation_start(page.groups)
                    if generation is not None:
                        entry = _entry(request, response, generation)
                        cache.set(key, entry, settings.PORTAL_PAGE_CACHE_SECONDS)
                        _replicas.put(key, entry)
                except Exception:  # noqa: BLE001 - the page is still good, only not stored
                    logger.warning("Page cache unavailable: %s not stored", request.path)
        finally:
            if claimed:
                _render_release(key, generation)
        response[CACHE_HEADER] = "miss"
        return response

    setattr(wrapper, f"{PUBLIC_PAGE_MARK}{page.serial}", page)  # method_decorator keeps it
    return wrapper


def admin_changes_invalidate(sender, **kwargs) -> None:
    """A ``post_save`` receiver for the admin's ``LogEntry``: the admin logs every change it
    makes in the same transaction, to any model (those whose writes no service owns too), so
    every group is made stale."""
    pages_changed(*every_page_group(), using=kwargs.get("using") or DEFAULT_DB_ALIAS)
