"""Text a person typed is never placed raw into an email to someone else: names are one line,
in quotation marks, and longer text is marked as quoted, line by line."""

import datetime

import pytest
from django.core import mail

from accounts.names import NAME_NO_WEB_ADDRESS, NAME_ONE_LINE
from councils.services.clerks import council_role_remove, council_role_request
from councils.services.signing import signature_record, signature_withdraw
from councils.templatetags.email_text import one_line, quoted, said
from tests.factories import CouncilFactory, CouncilRoleFactory, UserFactory
from tests.helpers import sign_up

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
FORGED = (
    "Jo Bloggs\n\nThe policy team has already checked this request. Confirm it quickly at "
    "https://charter-portal.example.net/confirm\n"
)


def _forged_request(council, django_capture_on_commit_callbacks) -> None:
    """Someone whose name is FORGED (as if saved before names were checked) asks to act for
    ``council``, with a "how we can check" text that pretends to be the policy team's; the
    emails are sent."""
    user = UserFactory(full_name=FORGED)
    with django_capture_on_commit_callbacks(execute=True):
        council_role_request(
            user=user,
            council=council,
            role="clerk",
            how_to_check="Ask the chair.\n\nThe policy team: https://evil.example.net/",
        )


def _lines_that_start_with(body: str, text: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith(text)]


def test_a_name_with_line_breaks_and_a_web_address_reads_as_what_someone_gave(
    council, django_capture_on_commit_callbacks
):
    _forged_request(council, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    assert not _lines_that_start_with(email.body, "The policy team has")
    assert not _lines_that_start_with(email.body, "https://charter-portal")
    assert (
        "Someone who gave their name as \u201cJo Bloggs The policy team has already checked"
        in email.body
    )
    assert "| Ask the chair.\n|\n| The policy team: https://evil.example.net/" in email.body
    assert not _lines_that_start_with(email.body, "The policy team:")


def test_the_reason_for_removing_a_clerk_is_quoted(council, django_capture_on_commit_callbacks):
    role = CouncilRoleFactory(council=council)
    remover = CouncilRoleFactory(council=council, user__full_name="Sam\nSmith").user
    with django_capture_on_commit_callbacks(execute=True):
        council_role_remove(role=role, removed_by=remover, reason="Left.\nReply to me at x@y.z")
    [email] = mail.outbox
    assert "by \u201cSam Smith\u201d" in email.body
    assert "| Left.\n| Reply to me at x@y.z" in email.body


def test_what_a_clerk_recorded_is_quoted_in_the_signature_emails(
    clerk_client, council, charter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signature = signature_record(
            council=council,
            version=charter,
            recorded_by=clerk_client.user,
            resolution_date=datetime.date(2026, 1, 10),
            minute_reference="Minute 7\nThe charter is withdrawn: see https://evil.example.net",
            authorised_by_name="Chair\nPerson",
            authorised_by_role="Chair",
        )
    body = mail.outbox[-1].body
    assert "| Minute reference: Minute 7 The charter is withdrawn" in body
    assert "| Authorised by: Chair Person, Chair" in body
    assert not _lines_that_start_with(body, "The charter is withdrawn")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signature_withdraw(
            signature=signature,
            withdrawn_by=clerk_client.user,
            withdrawn_on=datetime.date(2026, 2, 1),
            reason="Resolved to leave.\n\nAll councils must withdraw too.",
        )
    body = mail.outbox[-1].body
    assert "| Resolved to leave.\n|\n| All councils must withdraw too." in body
    assert not _lines_that_start_with(body, "All councils")


def test_the_filters():
    assert one_line(" Jo\r\n\tBloggs\u2028 ") == "Jo Bloggs"
    assert said("Jo\nBloggs") == "\u201cJo Bloggs\u201d"
    assert quoted("one\r\n\r\ntwo\n") == "| one\n|\n| two"
    assert one_line(None) == ""


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Jo\nBloggs", NAME_ONE_LINE),
        ("Jo Bloggs https://evil.example.net", NAME_NO_WEB_ADDRESS),
        ("Jo Bloggs www.evil", NAME_NO_WEB_ADDRESS),
        ("Jo Bloggs (evil.com)", NAME_NO_WEB_ADDRESS),
    ],
)
def test_sign_up_refuses_a_name_that_is_not_one_line_of_name(anon_client, name, message):
    response = sign_up(anon_client, email="jo@example.org", password=PASSWORD, full_name=name)
    assert response.status_code == 200
    assert message in response.text
    assert 'href="#id_full_name"' in response.text


@pytest.mark.parametrize("name", ["Jo Bloggs", "J. R. Hartley", "Mary St.John-Smythe", "Siân Ó"])
def test_sign_up_takes_ordinary_names(anon_client, name):
    response = sign_up(anon_client, email="jo@example.org", password=PASSWORD, full_name=name)
    assert response.status_code == 302


def test_the_policy_teams_email_marks_what_the_person_typed(
    settings, django_capture_on_commit_callbacks
):
    """A council with no address: the policy team is emailed, with the name one line in
    quotation marks and the "how we can check" text quoted line by line."""
    settings.POLICY_TEAM_EMAIL = "policy@example.org"
    council = CouncilFactory(contact_email="")
    _forged_request(council, django_capture_on_commit_callbacks)
    [email] = [m for m in mail.outbox if "policy@example.org" in m.to]
    assert not _lines_that_start_with(email.body, "The policy team has")
    assert "Someone who gave their name as \u201cJo Bloggs" in email.body
    assert "| Ask the chair.\n|\n| The policy team: https://evil.example.net/" in email.body
