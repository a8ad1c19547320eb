"""Closing an account and the rate-limit page in a real browser, without JavaScript too: the
form, its error state, the closed account; axe on each page."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from accounts.models import User

from ..factories import CouncilRoleFactory, UserFactory
from .axe import assert_no_axe_violations
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_closing_an_account(request, fixture, live_server, council):
    page = request.getfixturevalue(fixture)
    user = login(page, CouncilRoleFactory(council=council).user, live_server)
    page.goto(f"{live_server.url}/councils/yours/")
    page.get_by_role("link", name="Close your account").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Close your account"
    assert_no_axe_violations(page)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Close your account").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_no_axe_violations(page)
    assert User.objects.get(pk=user.pk).is_active

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Close your account").click()
    expect(page.locator("body")).to_contain_text("Your account is closed")
    assert_no_axe_violations(page)
    assert not User.objects.get(pk=user.pk).is_active


def test_the_too_many_attempts_page(page, live_server, db):
    cache.clear()
    for attempt in range(40):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(f"n{attempt}@example.org")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if "Too many attempts" in page.content():
            break
    assert page.get_by_role("heading", level=1).inner_text() == "Too many attempts"
    assert_no_axe_violations(page)


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_choosing_a_new_password_from_a_reset_link(request, fixture, live_server, db):
    """The page the password reset email links to: axe on the form, its error state and the
    page after (the one page of the journeys not checked before)."""
    page = request.getfixturevalue(fixture)
    UserFactory(email="clerk@example.org")
    page.goto(f"{live_server.url}/accounts/password/reset/")
    page.get_by_label("Email address").fill("clerk@example.org")
    page.get_by_role("button", name=re.compile("reset", re.I)).click()
    page.wait_for_url(re.compile(r"/password/reset/done/"))
    [email] = mail.outbox
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", email.body)[0]
    page.goto(link)
    page.get_by_label("New password", exact=True).wait_for()
    assert_no_axe_violations(page)

    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label(re.compile("again", re.I)).fill("different")
    page.get_by_role("button", name=re.compile("password", re.I)).click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_no_axe_violations(page)

    page.get_by_label("New password", exact=True).fill("a new long passphrase")
    page.get_by_label(re.compile("again", re.I)).fill("a new long passphrase")
    page.get_by_role("button", name=re.compile("password", re.I)).click()
    page.wait_for_url(re.compile(r"/password/reset/key/done/"))
    assert_no_axe_violations(page)
