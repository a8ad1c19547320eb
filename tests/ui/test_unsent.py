"""Nothing typed is lost when the session ends (ui/unsent.py): a clerk whose session
ended sends their progress report; they are asked to sign in, and then the form shows what
they typed, unsent, to check and send again."""

import re
import time
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from councils.models import ProgressReport
from tests.factories import CouncilRoleFactory, PolicyOfficerFactory, signatory, totp_code
from ui import unsent

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
FORM_ENCODED = "application/x-www-form-urlencoded"
REPORT = {
    "status": "in-progress",
    "what_we_did": "A newsletter to every household, and a stall at the summer fête.",
    "evidence_links": "https://example.org/news",
    "not_applicable_reason": "",
}


@pytest.fixture
def clerk(council, charter):
    signatory(council, charter)
    role = CouncilRoleFactory(council=council)
    client = Client()
    sign_in(client, role.user.email)
    return client, role.user, f"/councils/{council.slug}/progress/communication/"


def sign_in(client, email):
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def end_session(client):
    Session.objects.filter(session_key=client.session.session_key).delete()


def text(response):
    return response.content.decode()


def test_a_form_sent_after_the_session_ended_comes_back_after_signing_in(clerk):
    client, user, form = clerk
    end_session(client)

    response = client.post(form, {**REPORT, "csrfmiddlewaretoken": "x"}, follow=True)
    assert response.redirect_chain[-1][0].startswith(f"/accounts/login/?next={form}")
    assert "You were signed out, so what you sent has not been saved" in text(response)
    assert not ProgressReport.objects.exists()

    response = client.post(
        f"/accounts/login/?next={form}",
        {"login": user.email, "password": PASSWORD, "next": form},
        follow=True,
    )
    page = text(response)
    assert response.redirect_chain[-1][0] == form
    assert "This is what you typed before you were signed out" in page
    assert "a stall at the summer fête" in page  # in the form, to check
    assert re.search(r'<input[^>]*value="in-progress"[^>]*checked', page)
    assert not ProgressReport.objects.exists()  # never sent for them

    assert "summer fête" not in text(client.get(form))  # once only
    client.post(form, REPORT)
    assert ProgressReport.objects.get().what_we_did == REPORT["what_we_did"]


def test_passwords_and_the_csrf_token_are_never_kept(rf):
    request = rf.post("/x/", {"password": "secret", "old_password": "s", "name": "Jo"})
    request.session = {}
    assert unsent.unsent_keep(request)
    kept = request.session[unsent.SESSION_KEY]["data"]
    assert kept == {"name": ["Jo"]}

    request = rf.post("/x/", {"csrfmiddlewaretoken": "t", "password1": "p"})
    request.session = {}
    assert not unsent.unsent_keep(request)  # nothing worth keeping
    assert unsent.SESSION_KEY not in request.session


def test_kept_only_for_its_own_address_for_an_hour_and_not_too_much(rf):
    request = rf.post("/form/", {"text": "words"})
    request.session = {}
    unsent.unsent_keep(request)
    other = rf.get("/elsewhere/")
    other.session = request.session
    assert unsent.unsent_take(other) is None
    assert unsent.SESSION_KEY in request.session  # still there for its own address

    request.session[unsent.SESSION_KEY]["at"] = int(time.time()) - unsent.KEEP_SECONDS - 1
    same = rf.get("/form/")
    same.session = request.session
    assert unsent.unsent_take(same) is None  # too old, and forgotten
    assert unsent.SESSION_KEY not in request.session

    huge = rf.post("/form/", {"text": "x" * (unsent.MAX_BYTES + 1)})
    huge.session = {}
    assert not unsent.unsent_keep(huge)


def test_another_page_of_the_same_person_is_left_alone(clerk, council):
    client, user, form = clerk
    end_session(client)
    client.post(form, REPORT)
    sign_in(client, user.email)
    tasks = client.get(f"/councils/{council.slug}/progress/")
    assert tasks.status_code == 200 and "summer fête" not in text(tasks)
    assert "summer fête" in text(client.get(form))  # still waiting for its own form


def test_it_waits_through_the_policy_teams_second_factor(charter):
    officer = PolicyOfficerFactory(email="officer@oxfordshire.example.org")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/actions/new/").status_code == 200
    end_session(client)

    response = client.post("/actions/new/", {"title": "A joint engagement calendar"})
    assert response.url.startswith("/accounts/login/?next=/actions/new/")
    response = client.post(
        response.url, {"login": officer.email, "password": PASSWORD, "next": "/actions/new/"}
    )
    assert response.url == "/accounts/2fa/authenticate/"  # the second factor first
    response = client.post(response.url, {"code": totp_code()}, follow=True)
    assert response.redirect_chain[-1][0] == "/actions/new/"
    assert "This is what you typed before you were signed out" in text(response)
    assert 'value="A joint engagement calendar"' in text(response)


def test_many_long_field_names_are_not_kept(rf):
    """Hundreds of long names with empty values: the names count towards the limit."""
    names = {f"{i:04d}" + "n" * 2_000: "" for i in range(500)}  # about 1 MB of names
    request = rf.post("/form/", urlencode(names), content_type=FORM_ENCODED)
    request.session = {}
    assert not unsent.unsent_keep(request)
    assert unsent.SESSION_KEY not in request.session


def test_what_is_kept_is_within_the_limit_as_stored(rf):
    """Just under the limit by value, over it once names and JSON escapes are counted."""
    request = rf.post("/form/", {"a" * 200: "\x01" * (unsent.MAX_BYTES // 6)})
    request.session = {}
    assert not unsent.unsent_keep(request)
    fits = rf.post("/form/", {"what_we_did": "é" * (unsent.MAX_BYTES // 10)})
    fits.session = {}
    assert unsent.unsent_keep(fits)


def test_an_anonymous_post_of_long_names_stores_no_large_session(client, council, charter):
    from django.contrib.sessions.models import Session

    names = {f"{i:04d}" + "n" * 2_000: "x" for i in range(400)}
    response = client.post(
        f"/councils/{council.slug}/progress/communication/",
        urlencode(names),
        content_type=FORM_ENCODED,
    )
    assert response.status_code == 302
    largest = max((len(s.session_data) for s in Session.objects.all()), default=0)
    assert largest < unsent.MAX_BYTES * 2  # base64 and signing make it a little larger
