"""The shared page cache (ui/cache.py), on the database cache the portal uses in
production: pages are served from it until a write commits, never stale after; never for a
signed-in user, never with a cookie or a CSRF token; a fresh CSP nonce on every response; and
what one process stored, another serves (the cache is in the database, not in a process)."""

import datetime
import re
import time
from types import SimpleNamespace

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from councils.services.register import council_correct
from councils.services.signing import signature_record
from tests.factories import ActionItemFactory, CouncilFactory, UserFactory
from ui import cache as page_cache

pytestmark = pytest.mark.django_db

HEADER = page_cache.CACHE_HEADER


@pytest.fixture(autouse=True)
def database_cache(settings, db):
    """The production cache (the database table), page cache on, no copies in this process."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_security_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        },
    }
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    call_command("createcachetable", verbosity=0)
    page_cache.cache.clear()  # the table outlives transactional tests
    page_cache._replicas.clear()
    yield
    page_cache.cache.clear()
    page_cache._replicas.clear()


def another_process():
    """What a second gunicorn process has: its own (empty) copies, a client of its own."""
    page_cache._replicas.clear()
    return Client()


def _sign(council, version):
    with transaction.atomic():  # committed for real: the test is transactional
        signature_record(
            council=council,
            version=version,
            recorded_by=UserFactory(),
            resolution_date=datetime.date(2025, 1, 10),
            minute_reference="Minute 12/25",
            authorised_by_name="Jo Bloggs",
            authorised_by_role="Chair",
        )


def _nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]


@pytest.mark.django_db(transaction=True)
def test_a_page_is_served_from_the_cache_until_a_write_commits(charter, anon_client):
    council = CouncilFactory(name="Adderbury Parish Council")
    first = anon_client.get(council.get_absolute_url())
    assert first[HEADER] == "miss" and "Not yet signed" in first.content.decode()
    second = anon_client.get(council.get_absolute_url())
    assert second[HEADER] == "hit" and "Not yet signed" in second.content.decode()
    anon_client.get("/councils/")

    _sign(council, charter)

    page = anon_client.get(council.get_absolute_url())
    assert page[HEADER] == "miss"
    for client in (anon_client, another_process()):  # the page again, then another process
        page = client.get(council.get_absolute_url())
        assert "Not yet signed" not in page.content.decode() and "Signed" in page.content.decode()
        directory = client.get("/councils/?status=signed")
        assert "Adderbury Parish Council" in directory.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_that_rolls_back_leaves_the_cache_alone(charter, anon_client):
    council = CouncilFactory()
    anon_client.get("/councils/")
    with pytest.raises(ValueError):
        council_correct(council=council, data={"no_such_field": 1}, user=UserFactory())
    assert anon_client.get("/councils/")[HEADER] == "hit"


@pytest.mark.django_db(transaction=True)
def test_another_process_serves_what_one_stored_and_sees_the_same_writes(charter, anon_client):
    council = CouncilFactory(name="Bloxham Parish Council")
    url = council.get_absolute_url()
    stored = anon_client.get(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM portal_cache")
        assert cursor.fetchone()[0] >= 2  # the generation and the page: in the database
    other = another_process().get(url)
    assert other[HEADER] == "hit"
    assert other.content.replace(_nonce(other).encode(), b"") == stored.content.replace(
        _nonce(stored).encode(), b""
    )

    council_correct(
        council=council, data={"website": "https://bloxham.example.org"}, user=UserFactory()
    )
    for client in (anon_client, another_process()):
        assert "https://bloxham.example.org" in client.get(url).content.decode()


def test_every_response_gets_its_own_nonce(charter, anon_client):
    anon_client.get("/")
    hits = [anon_client.get("/") for _ in range(2)]
    assert all(r[HEADER] == "hit" for r in hits)
    nonces = [_nonce(r) for r in hits]
    assert nonces[0] != nonces[1]
    for response, nonce in zip(hits, nonces, strict=True):
        assert f'nonce="{nonce}"' in response.content.decode()
        assert response.content.count(b"nonce=") == 2  # the two scripts of base.html
    assert "Cookie" in hits[0]["Vary"]


def test_never_for_a_signed_in_user(charter, anon_client, clerk_client, council):
    anon_client.get(council.get_absolute_url())
    response = clerk_client.get(council.get_absolute_url())
    assert response.status_code == 200 and HEADER not in response
    assert "Sign out" in response.content.decode()


def test_the_query_string_is_part_of_the_address(charter, anon_client):
    CouncilFactory(name="Adderbury Parish Council")
    CouncilFactory(name="Bloxham Parish Council")
    anon_client.get("/councils/?q=Adderbury")
    response = anon_client.get("/councils/?q=Bloxham")
    assert response[HEADER] == "miss"
    assert "Bloxham" in response.content.decode()
    assert "Adderbury Parish Council" not in response.content.decode()


def _cache_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_cache")
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    "url", ["/", "/charter/", "/councils/", "/actions/", "/councils/progress/", "/contact/"]
)
def test_query_strings_no_view_reads_make_no_new_entries(charter, anon_client, url):
    first = anon_client.get(url)
    assert first.status_code == 200 and first[HEADER] == "miss"
    rows = _cache_rows()
    for n in range(20):
        response = anon_client.get(url, {"utm_source": f"news{n}", f"x{n}": "1"})
        assert response.status_code == 200 and response[HEADER] == "hit", n
    assert _cache_rows() == rows


def test_the_order_of_the_parameters_makes_no_new_entry(charter, anon_client):
    CouncilFactory(name="Adderbury Parish Council")
    assert anon_client.get("/councils/?q=Adder&kind=parish")[HEADER] == "miss"
    assert anon_client.get("/councils/?kind=parish&q=Adder&fbclid=1")[HEADER] == "hit"


def test_the_page_rendered_never_holds_a_parameter_it_does_not_read(charter, anon_client):
    for n in range(60):
        CouncilFactory(name=f"Council {n:02d}")
    response = anon_client.get("/councils/?page=1&junk=%3Cb%3Eoops")
    assert response.status_code == 200
    text = response.content.decode()
    assert "page=2" in text  # the pagination keeps what the page reads...
    assert "junk" not in text and "oops" not in text  # ...and nothing else


def _view_using(what):
    @page_cache.public_page(groups=[page_cache.SITE])
    def view(request):
        if what == "csrf":
            get_token(request)
        response = HttpResponse("<p>a page</p>")
        if what == "cookie":
            response.set_cookie("flavour", "oat")
        if what == "status":
            response.status_code = 404
        return response

    return view


@pytest.mark.parametrize("what", ["csrf", "cookie", "status"])
def test_a_response_with_a_csrf_token_a_cookie_or_not_200_is_not_stored(what):
    view = _view_using(what)
    for _ in range(2):
        request = RequestFactory().get("/somewhere/")
        assert view(request)[HEADER] == "miss"
    request = RequestFactory().get("/somewhere/")
    request.COOKIES["sessionid"] = "anything"
    assert HEADER not in _view_using("nothing")(request)  # a session: not even looked up


def test_pages_changed_bumps_each_group_once_per_transaction(
    django_capture_on_commit_callbacks, monkeypatch
):
    written = []

    real = page_cache.cache

    class Cache:
        def set_many(self, values, timeout):
            written.append(values)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(page_cache, "cache", Cache())
    page_cache._pending_groups("default").clear()  # left by tests whose transactions roll back
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.pages_changed(page_cache.CHARTER)
        page_cache.pages_changed(page_cache.CHARTER, page_cache.ACTIONS)
    assert len(written) == 1
    assert {key for key in written[0] if key.startswith(page_cache.GROUP_KEY_PREFIX)} == {
        page_cache.CHARTER.key,
        page_cache.ACTIONS.key,
    }


def test_pages_changed_names_registered_groups_only():
    with pytest.raises(ValueError):
        page_cache.pages_changed()
    with pytest.raises(ValueError):
        page_cache.pages_changed("charter")
    with pytest.raises(ValueError):
        page_cache.pages_changed(SimpleNamespace(name="charter"))
    with pytest.raises(ValueError):
        page_cache.PageGroup("charter", "a second group of the same name")
    with pytest.raises(ValueError):
        page_cache.public_page(lambda request: None)  # no group


def test_a_change_in_the_admin_makes_every_group_stale(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        LogEntry.objects.create(user=UserFactory(), object_repr="A council", action_flag=ADDITION)
        before = page_cache.cache.get_many([group.key for group in page_cache.every_page_group()])
    after = page_cache.cache.get_many([group.key for group in page_cache.every_page_group()])
    assert len(after) == len(page_cache.PAGE_GROUPS)
    assert all(after[key] != before.get(key) for key in after)


@pytest.mark.django_db(transaction=True)
def test_a_write_makes_only_its_groups_pages_stale(charter, anon_client):
    """The action plan is not on the charter's page: a change to it leaves that page cached, and
    makes the plan, and the pages that show everything (home), stale."""
    for url in ("/charter/", "/actions/", "/"):
        assert anon_client.get(url)[HEADER] == "miss"
        assert anon_client.get(url)[HEADER] == "hit"
    with transaction.atomic():
        ActionItemFactory(title="Parish training plan")
    assert anon_client.get("/charter/")[HEADER] == "hit"
    assert anon_client.get("/actions/")[HEADER] == "miss"
    assert anon_client.get("/")[HEADER] == "miss"


def test_a_lost_generation_never_revives_old_pages(charter, anon_client):
    anon_client.get("/")
    page_cache.cache.delete(page_cache.COUNCILS.key)  # evicted, or the cache restarted
    assert anon_client.get("/")[HEADER] == "miss"
    assert anon_client.get("/")[HEADER] == "hit"


# --- Served early (PageCacheMiddleware), with one query ---------------------------


def test_a_hit_is_answered_before_the_view_with_the_same_headers(charter, anon_client, monkeypatch):
    from commitments import views

    rendered = anon_client.get("/charter/")
    assert rendered[HEADER] == "miss"

    def never(*args, **kwargs):
        raise AssertionError("the view was reached")

    monkeypatch.setattr(views.CharterView, "dispatch", never)  # the class the URL resolves to
    hit = anon_client.get("/charter/")
    assert hit.status_code == 200 and hit[HEADER] == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Type",
    ):
        assert hit[header].replace(_nonce(hit), "") == rendered[header].replace(
            _nonce(rendered), ""
        )
    assert hit["Content-Length"] == str(len(hit.content))
    assert "Cookie" in hit["Vary"] and not hit.cookies


def test_the_generation_is_read_once_a_request(
    charter, anon_client, monkeypatch, django_assert_num_queries
):
    reads = []
    original = page_cache._generation_read
    monkeypatch.setattr(
        page_cache, "_generation_read", lambda groups: reads.append(1) or original(groups)
    )
    anon_client.get("/")  # a generation exists now
    reads.clear()
    miss = anon_client.get("/charter/")  # the middleware's lookup, then the view's decorator
    assert miss[HEADER] == "miss" and reads == [1]
    reads.clear()
    with django_assert_num_queries(1):
        assert anon_client.get("/charter/")[HEADER] == "hit"
    assert reads == [1]


def test_only_public_pages_are_looked_up_early(charter, anon_client, django_assert_num_queries):
    assert page_cache._public_page("/charter/").reads == {"version"}
    assert page_cache._public_page("/charter/").groups == {"charter"}
    # charter_portal's council page extends the councils app's: its own groups count
    assert page_cache._public_page("/councils/adderbury/").groups == set(page_cache.PAGE_GROUPS)
    assert "q" in page_cache._public_page("/councils/").reads
    assert page_cache._public_page("/").reads == frozenset()
    assert page_cache._public_page("/ping/") is None
    assert page_cache._public_page("/accounts/login/") is None
    assert page_cache._public_page("/no/such/page/") is None
    anon_client.get("/")  # a generation exists
    with django_assert_num_queries(0):  # the ceiling of the benchmark costs the cache nothing
        assert anon_client.get("/ping/").status_code == 200


# --- One render per page after a write (bench/run's mixed phase) --------------------


def _claim_of(url):
    path = url.split("?")[0]
    page = page_cache._public_page(path) or page_cache.PublicPage(
        groups=frozenset({"charter"}), reads=frozenset()
    )
    key = page_cache._page_key(RequestFactory().get(url), page.reads)
    generation = page_cache._generation_read(page.groups)
    return key, generation, page.groups


@pytest.mark.django_db(transaction=True)
def test_a_request_waits_for_the_render_another_has_claimed(charter, anon_client, monkeypatch):
    import threading

    from commitments import views

    anon_client.get("/")  # a generation exists
    key, generation, groups = _claim_of("/charter/")
    assert page_cache._render_claim(key, generation)  # another process is rendering it

    def the_other_process_stores_it():
        time.sleep(0.1)
        entry = {"generation": generation, "content_type": "text/html", "parts": [b"theirs"]}
        page_cache.cache.set(key, entry, 60)

    def never(*args, **kwargs):
        raise AssertionError("rendered twice")

    monkeypatch.setattr(views.CharterView, "get_context_data", never)
    other = threading.Thread(target=the_other_process_stores_it)
    other.start()
    response = anon_client.get("/charter/")
    other.join()
    assert response[HEADER] == "hit" and response.content == b"theirs"


def test_a_render_released_without_a_page_lets_the_next_render_at_once(charter, anon_client):
    anon_client.get("/")
    key, generation, groups = _claim_of("/no/such/page/")
    page_cache._render_claim(key, generation)
    page_cache._render_release(key, generation)  # e.g. a 404: nothing stored
    started = time.monotonic()
    assert page_cache._render_wait(key, generation, groups) is None
    assert time.monotonic() - started < 0.5


def test_a_newer_write_or_a_dead_renderer_ends_the_wait(charter, anon_client, monkeypatch):
    anon_client.get("/")
    key, generation, groups = _claim_of("/charter/")
    page_cache._render_claim(key, generation)
    monkeypatch.setattr(page_cache, "RENDER_WAIT_SECONDS", 0.2)
    started = time.monotonic()
    assert page_cache._render_wait(key, generation, groups) is None  # nobody stored it: give up
    assert 0.2 <= time.monotonic() - started < 1
    page_cache.cache.set(page_cache.CHARTER.key, "newer", None)
    monkeypatch.setattr(page_cache, "RENDER_WAIT_SECONDS", 5)
    started = time.monotonic()
    assert page_cache._render_wait(key, generation, groups) is None  # a write since: render it here
    assert time.monotonic() - started < 0.5


def test_the_renderer_releases_its_claim(charter, anon_client):
    anon_client.get("/")
    key, generation, groups = _claim_of("/charter/")
    assert anon_client.get("/charter/")[HEADER] == "miss"
    assert page_cache._render_claim(key, generation)  # free again
