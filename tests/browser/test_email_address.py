"""Changing your email address in a real browser, without JavaScript too: the page, its error
state, a change waiting for its link, confirming it signed in; axe on each page."""

import re

import pytest
from django.core import mail

from accounts.models import User

from ..factories import UserFactory
from .axe import assert_no_axe_violations
from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_changing_your_email_address(request, fixture, live_server):
    page = request.getfixturevalue(fixture)
    user = login(page, UserFactory(email="clerk@example.org"), live_server)
    page.goto(f"{live_server.url}/accounts/email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your email address"
    assert_no_axe_violations(page)

    page.get_by_label("New email address").fill("not an address")
    page.get_by_role("button", name="Change email address").click()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_no_axe_violations(page)

    page.get_by_label("New email address").fill("new@example.org")
    page.get_by_role("button", name="Change email address").click()
    assert "Not confirmed yet" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    [message] = [m for m in mail.outbox if m.to == ["new@example.org"]]
    link = re.search(r"/accounts/confirm-email/\S+/", message.body)[0]
    page.goto(live_server.url + link)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm").click()
    assert User.objects.get(pk=user.pk).email == "new@example.org"
