"""A new clerk, from signing up to signing the charter for their council: with the mouse, with
the keyboard alone and with JavaScript off. The council confirms them with the link emailed to
its registered address, opened in a second browser in the same mode."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from councils.models import Council, Signature
from tests.factories import CouncilFactory, DistrictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase 42"


def link_in_email(to: str, pattern: str) -> str:
    for message in reversed(mail.outbox):
        if to in message.to:
            return re.search(pattern, message.body)[0]
    raise AssertionError(f"no email to {to}: {[m.to for m in mail.outbox]}")


def test_a_new_clerk_signs_up_and_signs(driver, open_driver, charter):
    cherwell = DistrictFactory(name="Cherwell")
    council = CouncilFactory(
        name="Adderbury Parish Council",
        district=cherwell,
        contact_email="parish.clerk@adderbury.example.org",
    )
    CouncilFactory(name="Bloxham Parish Council", district=cherwell)

    # Sign up: the empty form's errors first.
    driver.goto("/")
    driver.follow("create an account")
    driver.submit("Sign up")
    assert "There is a problem" in driver.main_text()
    driver.fill("Full name", "Ada Lovelace")
    driver.fill("Email address", "ada@example.org")
    driver.fill("Password", PASSWORD)
    driver.fill("Password (again)", PASSWORD)
    driver.submit("Sign up")
    assert driver.page.url.endswith("/accounts/confirm-email/")

    # Verify the email address with the link in the message.
    driver.goto(link_in_email("ada@example.org", r"/accounts/confirm-email/\S+/"))
    driver.submit("Confirm")
    # The next step at once: Your councils, to ask to act for a council.
    assert driver.heading() == "Your councils"

    # Your councils: none yet. Ask to act for one: the empty form's errors first.
    driver.menu("Your councils")
    assert "You do not act for any council yet" in driver.main_text()
    driver.follow("Ask to act for a council")
    driver.submit("Send request")
    assert "Choose the council you act for." in driver.main_text()
    driver.fill("Search for your council by name", "adder")
    driver.submit("Search")
    driver.select("Council", "Adderbury Parish Council (Cherwell)")
    driver.choose("Clerk")
    driver.fill("How we can check", "Appointed at the annual meeting, minute 7/26.")
    driver.submit("Send request")
    assert "Waiting for confirmation" in driver.main_text()

    # The council confirms, from the link sent to its registered address.
    parish = open_driver(driver.mode)
    parish.goto(link_in_email(council.contact_email, r"/councils/confirm/\S+/"))
    assert "Ada Lovelace" in parish.main_text()
    parish.submit("Confirm that Ada Lovelace acts for the council")
    assert "Confirmed" in parish.main_text()

    # Sign: a mistake first, then check the answers, change one, and confirm.
    driver.menu("Your councils")
    driver.follow("Sign the charter for Adderbury Parish Council")
    today = timezone.localdate()
    driver.fill_date(
        "Date of the council's resolution", today.replace(year=today.year + 1).isoformat()
    )
    driver.fill("Minute reference", "Minute 45/26")
    driver.fill("Link to the published minutes", "ftp://example.org/minutes")
    driver.fill("Name of who authorised it", "Jo Bloggs")
    driver.fill("Their role", "Chair of the council")
    driver.submit("Continue")
    assert "There is a problem" in driver.main_text()
    assert driver.field("Name of who authorised it").input_value() == "Jo Bloggs"
    driver.fill_date("Date of the council's resolution", today.isoformat())
    driver.fill("Link to the published minutes", "https://example.org/minutes.pdf")
    driver.submit("Continue")
    assert driver.heading() == "Check your answers before signing"
    driver.follow("Change the minute reference")
    driver.fill("Minute reference", "Minute 46/26")
    driver.submit("Continue")
    assert "Minute 46/26" in driver.main_text()
    driver.submit("Sign the charter for Adderbury Parish Council")
    assert "It is now listed as a signatory" in driver.main_text()
    assert Signature.objects.get(council=council).minute_reference == "Minute 46/26"

    # Listed as signed.
    driver.menu("Signatories")
    driver.select("Status", "Signed")
    driver.submit("Show councils")
    assert driver.page.locator("#councils-table tbody th").all_inner_texts() == [council.name]
    assert Council.objects.get(pk=council.pk).status == "signed"
