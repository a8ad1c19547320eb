"""The "service unavailable" page (charter_portal/middleware.py): a database error anywhere in a
request answers 503 with ``Retry-After``, rendered without the database; any other error is
still a 500. The real outage, with PostgreSQL stopped under gunicorn, is in test_outage.py."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.reliability.urls")]

UNAVAILABLE = "Sorry, the service is unavailable"


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert UNAVAILABLE in text and "<h1" in text and "govuk-heading-l" in text
    assert "Traceback" not in text and "OperationalError" not in text
    assert "policyteam@oxfordshire.gov.uk" in text


def quiet(client: Client) -> Client:
    """A client that returns the error page instead of raising the view's exception."""
    client.raise_request_exception = False
    return client


def test_a_view_that_cannot_reach_the_database_answers_503_without_a_query(
    anon_client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = anon_client.get("/test/database-down/")
    assert_unavailable(response)
    # The security headers of every page are kept.
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_an_error_raised_from_a_closed_connection_answers_503(anon_client):
    assert_unavailable(anon_client.get("/test/connection-closed/"))


def test_any_other_error_is_still_a_500(anon_client):
    response = quiet(anon_client).get("/test/bug/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert not response.has_header("Retry-After")


def test_a_signed_in_clerk_whose_session_cannot_be_loaded_gets_503(clerk_client, council):
    with mock.patch.object(SessionStore, "load", side_effect=OperationalError("db down")):
        response = quiet(clerk_client).get(council.get_absolute_url())
    assert_unavailable(response)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"]
    assert "sessionid" not in response.cookies


def test_a_session_that_cannot_be_saved_after_the_view_gives_503(anon_client):
    with mock.patch.object(SessionStore, "save", side_effect=OperationalError("db down")):
        response = quiet(anon_client).get("/test/session-written/")
    assert_unavailable(response)


def test_no_session_is_saved_once_the_database_failed(anon_client):
    with mock.patch.object(SessionStore, "save") as save:
        response = anon_client.get("/test/session-written-then-down/")
    assert_unavailable(response)
    save.assert_not_called()
