"""Bad requests refused before anything reads them (charter_portal/middleware.py
``RequestLimitsMiddleware``): control characters in the address or the query string (a 400 or
404, never a 500: PostgreSQL refuses a NUL in any text), and bodies over
``PORTAL_MAX_REQUEST_BYTES`` (a 413 page, before the body is read or written to disk)."""

from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import permission_rules as rules

pytestmark = pytest.mark.django_db

CONTROL = ["%00", "%01", "%0A", "%0D", "%1B", "%7F", "%C2%85"]  # NUL, ..., DEL, NEL (C1)
ROUTES = [route for route in rules.routes() if "<" in route.route or "(?P<" in route.route]
REFUSED = {400, 404}


def _with_control(route, control) -> str:
    marker = "abc\x01def"  # the converters keep it as it is; swapped for the escape below
    return rules.build_url(route, lambda name, route: marker).replace("\x01", control)


def test_a_nul_in_a_token_is_a_400_not_a_500(anon_client):
    response = anon_client.get("/councils/confirm/abc%00def/")
    assert response.status_code == 400
    assert "could not understand that request" in response.content.decode()


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.key)
def test_every_url_parameter_with_a_control_character_is_refused(route):
    """Slugs, tokens, ints, references, the admin's ids: every parameter of every URL."""
    clients = {"anon": Client(raise_request_exception=False)}
    for control in CONTROL:
        url = _with_control(route, control)
        for method in ("get", "post"):
            response = getattr(clients["anon"], method)(url)
            assert response.status_code in REFUSED, (method, url, response.status_code)


@pytest.mark.parametrize(
    "query",
    [
        "q=abc%00def",  # the directory's search
        "district=%00",  # a filter by model choice
        "kind=parish%00",
        "status=%0Asigned",
        "page=1%00",  # pagination
        "commitment=%00&lead=%1B",  # the action plan's filters
        "next=/%00",  # a redirect target
        "%00=1",  # the name, not the value
        "utm_source=ne%C2%85ws",
    ],
)
@pytest.mark.parametrize(
    "name",
    [
        "home",
        "councils:directory",
        "councils:directory-csv",
        "councils:directory-json",
        "councils:progress-overview",
        "councils:progress-csv",
        "councils:signatories-feed",
        "actions:plan",
        "actions:download-csv",
        "actions:feed",
        "account_login",
        "policy-dashboard",
    ],
)
def test_a_control_character_in_any_query_string_is_a_400(name, query):
    client = Client(raise_request_exception=False)
    response = client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 400, (name, query)


def test_signed_in_requests_are_refused_the_same(policy_client, clerk_client):
    for client in (policy_client, clerk_client):
        client.raise_request_exception = False
        assert client.get("/councils/policy/clerks/?q=%00").status_code == 400
        assert client.get("/councils/yours/abc%00/sign/").status_code in REFUSED


def test_ordinary_characters_still_reach_the_page(anon_client, charter):
    response = anon_client.get(reverse("councils:directory"), {"q": "Ab\u00e9 Ley"})
    assert response.status_code == 200


# --- Bodies over the limit --------------------------------------------------------------------


def test_a_body_over_the_limit_is_a_413_page_before_it_is_read(policy_client):
    too_big = settings.PORTAL_MAX_REQUEST_BYTES + 1
    upload = SimpleUploadedFile("reports.csv", b"x" * too_big, content_type="text/csv")
    with (
        mock.patch("django.core.files.uploadhandler.TemporaryFileUploadHandler.new_file") as disk,
        mock.patch("django.http.request.HttpRequest._load_post_and_files") as parse,
    ):
        response = policy_client.post(reverse("councils:policy-progress-upload"), {"file": upload})
    assert response.status_code == 413
    assert not disk.called and not parse.called
    text = response.content.decode()
    assert "What you sent is too large" in text
    assert "up to 4.0\xa0MB in one form" in text
    assert response.headers["X-Frame-Options"] == "DENY"  # the security middleware ran


def test_an_anonymous_body_over_the_limit_is_refused_too(anon_client):
    response = anon_client.generic(
        "POST",
        reverse("account_login"),
        data=b"a=" + b"x" * settings.PORTAL_MAX_REQUEST_BYTES,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


def test_a_content_length_that_is_not_a_number_is_a_400(anon_client):
    response = anon_client.post(reverse("account_login"), CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_uploads_up_to_the_limit_are_never_written_to_disk():
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= settings.PORTAL_MAX_REQUEST_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.PORTAL_MAX_REQUEST_BYTES
    # The progress upload's own limit (2 MB) fits, with its form, within the request's.
    from councils.forms.progress import MAX_UPLOAD_BYTES

    assert MAX_UPLOAD_BYTES + 64 * 1024 <= settings.PORTAL_MAX_REQUEST_BYTES
