"""Closing an account and the rate-limit page in a real browser, without JavaScript too: the
form, its error state, the closed account; axe on each page (issue 9)."""

import pytest
from django.core.cache import cache

from accounts.models import User

from ..factories import CouncilRoleFactory
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
    assert "Your account is closed" in page.content()
    assert_no_axe_violations(page)
    assert not User.objects.get(pk=user.pk).is_active


def test_the_too_many_attempts_page(page, live_server, db):
    cache.clear()
    for attempt in range(40):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(f"n{attempt}@example.org")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
        if "Too many attempts" in page.content():
            break
    assert page.get_by_role("heading", level=1).inner_text() == "Too many attempts"
    assert_no_axe_violations(page)
