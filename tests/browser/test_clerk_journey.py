"""A new clerk's whole journey in a real browser: sign up, verify the email, ask to act for a
council, be confirmed by the policy team (second browser, password and code), sign (form,
check your answers, confirm), and see the council listed as signed. axe on every page on the
way, including forms in their error state and lists in their empty state."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from councils.models import Council, CouncilRole, Signature
from tests.factories import CouncilFactory, PolicyOfficerFactory, totp_code

from .axe import assert_no_axe_violations
from .helpers import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def check(page):
    assert "Server Error" not in page.content()
    assert_no_axe_violations(page)


def sign_in(page, email, code=None):
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").first.click()
    if code:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        check(page)
        page.fill("#id_code", code())
        page.locator("main form button[type=submit]").first.click()


def test_new_clerk_signs_their_council_up(page, playwright_browser, live_server, charter):
    council = CouncilFactory(name="Adderbury Parish Council")
    officer = PolicyOfficerFactory(email="officer@oxfordshire.example.org")

    # Sign up: the form in its error state, then filled in.
    page.goto("/accounts/signup/")
    check(page)
    page.locator("main form button[type=submit]").first.click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page)
    page.fill("#id_full_name", "Ada Lovelace")
    page.fill("#id_email", "ada@adderbury.example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/confirm-email/")
    check(page)

    # Verify the email: the link from the message.
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body)[0]
    page.goto(link)
    check(page)
    page.locator("main form button[type=submit]").first.click()

    # Your councils (empty), then ask to act for the council: error state first.
    page.goto("/councils/yours/")
    assert "You do not act for any council yet" in page.content()
    check(page)
    page.get_by_role("link", name="Ask to act for a council").click()
    check(page)
    page.get_by_role("button", name="Send request").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page)
    page.fill("#id_q", "adder")
    page.get_by_role("button", name="Search", exact=True).click()  # not the header's
    page.select_option("#id_council", label=f"{council.name} ({council.district})")
    page.get_by_label("Clerk", exact=True).check()
    page.fill("#id_how_to_check", "Appointed at the annual meeting, minute 7/26.")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/councils/yours/")
    assert "Waiting for confirmation" in page.content()
    check(page)
    role = CouncilRole.objects.get(council=council)

    # The council's confirmation link (not used here: the policy team decides).
    anon = playwright_browser.new_context(base_url=live_server.url)
    link_page = anon.new_page()
    link_page.goto(f"/councils/confirm/{role.confirmation_token}/")
    assert "Ada Lovelace" in link_page.content()
    check(link_page)
    anon.close()

    # The policy team confirms, in a second browser: password, then the code.
    second = playwright_browser.new_context(base_url=live_server.url)
    policy = second.new_page()
    sign_in(policy, officer.email, code=totp_code)
    policy.goto("/policy/")
    check(policy)
    policy.get_by_role("link", name=re.compile("request to act for a council")).click()
    check(policy)
    policy.get_by_role("link", name=re.compile("Decide")).click()
    check(policy)
    policy.get_by_role("button", name="Save decision").click()  # nothing chosen: error state
    check(policy)
    policy.get_by_label("Confirm: this person acts for the council").check()
    policy.get_by_role("button", name="Save decision").click()
    policy.wait_for_url("**/councils/policy/clerks/")
    assert "No requests are waiting" in policy.content()
    check(policy)
    second.close()
    assert CouncilRole.objects.get(pk=role.pk).status == "confirmed"

    # Sign: the form with a mistake, check your answers, change, confirm.
    page.goto("/councils/yours/")
    check(page)
    page.get_by_role("link", name=re.compile("Sign the charter")).click()
    check(page)
    today = datetime.date.today()
    fill_date(
        page, "Date of the council's resolution", (today + datetime.timedelta(days=1)).isoformat()
    )
    page.fill("#id_minute_reference", "Minute 45/26")
    page.fill("#id_minutes_url", "javascript:alert(1)")
    page.fill("#id_authorised_by_name", "Jo Bloggs")
    page.fill("#id_authorised_by_role", "Chair of the council")
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    check(page)
    assert page.input_value("#id_authorised_by_name") == "Jo Bloggs"
    fill_date(page, "Date of the council's resolution", today.isoformat())
    page.fill("#id_minutes_url", "https://adderbury.example.org/minutes.pdf")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/sign/check/")
    check(page)
    page.get_by_role("link", name=re.compile("Change the minute reference")).click()
    assert page.input_value("#id_minute_reference") == "Minute 45/26"
    page.fill("#id_minute_reference", "Minute 46/26")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sign/check/"))  # the fragment of the change link stays
    expect(page.locator("main")).to_contain_text("Minute 46/26")
    page.get_by_role("button", name=re.compile("Sign the charter for")).click()
    expect(page.locator("body")).to_contain_text("has signed version 1")
    check(page)
    assert Signature.objects.get(council=council).minute_reference == "Minute 46/26"
    assert Council.objects.get(pk=council.pk).status == "signed"

    # Listed as signed in the directory.
    page.goto("/councils/?status=signed")
    assert council.name in page.content()
    check(page)


def test_policy_and_account_pages_pass_axe(page, playwright_browser, live_server, charter):
    CouncilFactory(name="Bampton Parish Council", contact_email="")
    officer = PolicyOfficerFactory(email="officer2@oxfordshire.example.org")
    sign_in(page, officer.email, code=totp_code)
    for url in [
        "/councils/policy/invitations/",
        "/councils/policy/clerks/confirmed/",
        "/councils/policy/signatures/paper/",
        "/accounts/2fa/",
    ]:
        page.goto(url)
        check(page)
    page.goto("/councils/policy/invitations/")
    page.get_by_label("Councils in one district that have not signed").check()
    page.get_by_role("button", name="Check who will be emailed").click()
    check(page)  # error state
    page.get_by_label("Every council not yet invited").check()
    page.get_by_role("button", name="Check who will be emailed").click()
    expect(page.locator("body")).to_contain_text("the register has no contact address")
    check(page)  # the check before sending: nobody to send to but a council with no address
    page.goto("/councils/policy/signatures/paper/")
    page.get_by_role("button", name="Record the signature").click()
    check(page)

    # Account pages for someone signed out, and a policy officer setting up two factors.
    anon = playwright_browser.new_context(base_url=live_server.url)
    other = anon.new_page()
    for url in ["/accounts/login/", "/accounts/password/reset/", "/accounts/signup/"]:
        other.goto(url)
        check(other)
    other.goto("/accounts/login/")
    other.fill("#id_login", "nobody@example.org")
    other.fill("#id_password", "wrong password")
    other.locator("main form button[type=submit]").first.click()
    assert other.locator(".govuk-error-summary").is_visible()
    check(other)
    new_officer = PolicyOfficerFactory(email="new@oxfordshire.example.org", policy_team=False)
    sign_in(other, new_officer.email)
    other.goto("/policy/")
    other.wait_for_url("**/accounts/reauthenticate/**")
    check(other)
    other.fill("#id_password", PASSWORD)
    other.locator("main form button[type=submit]").first.click()
    other.wait_for_url("**/accounts/2fa/totp/activate/")
    qr = other.locator("main img").first
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    check(other)
    other.goto("/accounts/logout/")
    check(other)
    anon.close()
