"""Every change to councils, clerk decisions, signatures, progress reports and the action plan is
kept in history: a simple_history record with who made it, when and why, whether the service is
called from a page or from anywhere else (a command, a task, the CSV upload)."""

import datetime

import pytest
from django.utils import timezone

from actions.models import ActionItem
from actions.services import action_item_close, action_item_update, action_update_add
from councils.models import Council, CouncilRole, ProgressReport, ReportingPeriod, Signature
from councils.services.clerks import (
    council_role_approve,
    council_role_confirm_by_email,
    council_role_reject,
    council_role_remove,
    council_role_request,
    council_role_withdraw,
)
from councils.services.progress import progress_reports_import
from councils.services.register import council_correct
from councils.services.signing import signature_withdraw
from tests.factories import (
    ActionItemFactory,
    PolicyOfficerFactory,
    UserFactory,
    progress_reported,
    signatory,
    signature_recorded,
)

pytestmark = pytest.mark.django_db


def latest(obj):
    return obj.history.order_by("-history_id").first()


def assert_recorded(obj, *, by, kind, reason=None, count=None):
    record = latest(obj)
    assert record is not None, f"no history for {obj!r}"
    assert record.history_user_id == (by.pk if by else None), (obj, record.history_user)
    assert record.history_type == kind
    assert timezone.now() - record.history_date < datetime.timedelta(minutes=1)
    if reason is not None:
        assert record.history_change_reason == reason
    if count is not None:
        assert obj.history.count() == count
    return record


@pytest.fixture
def officer(db):
    return PolicyOfficerFactory()


def test_clerk_requests_and_every_decision_about_them(council, other_council, officer):
    user = UserFactory()
    role = council_role_request(user=user, council=council, role="clerk", how_to_check="Minute 1")
    # Created, then marked as sent to the council's address: both by the user.
    first = role.history.order_by("history_id").first()
    assert first.history_type == "+" and first.history_user == user
    assert set(role.history.values_list("history_user", flat=True)) == {user.pk}
    created = role.history.count()

    council_role_approve(role=role, decided_by=officer, reason="Checked the minutes")
    assert_recorded(
        role, by=officer, kind="~", reason="Approved by the policy team", count=created + 1
    )
    record = latest(role)
    assert record.status == "confirmed" and record.decision_reason == "Checked the minutes"

    council_role_remove(role=role, removed_by=officer, reason="Left the council")
    assert_recorded(role, by=officer, kind="~", count=created + 2)
    assert latest(role).status == "removed"

    rejected = council_role_request(
        user=user, council=other_council, role="chair", how_to_check="Ask the chair"
    )
    council_role_reject(role=rejected, decided_by=officer, reason="Not the chair")
    assert_recorded(rejected, by=officer, kind="~", reason="Rejected by the policy team")

    withdrawn = council_role_request(
        user=user, council=other_council, role="clerk", how_to_check="Minute 2"
    )
    council_role_withdraw(role=withdrawn, user=user)
    assert_recorded(withdrawn, by=user, kind="~", reason="Withdrawn by the user")


def test_a_confirmation_by_the_councils_address_is_recorded_as_such(council):
    user = UserFactory()
    role = council_role_request(user=user, council=council, role="clerk", how_to_check="Minute 1")
    council_role_confirm_by_email(role=role)
    # No user decided it: the council's mailbox did, and the reason says so.
    record = assert_recorded(
        role, by=None, kind="~", reason="Confirmed by the council's contact address"
    )
    assert record.decision_method == CouncilRole.Method.COUNCIL_EMAIL


def test_signatures_and_withdrawals(council, charter, clerk_client):
    clerk = clerk_client.user
    signature = signature_recorded(
        council,
        charter,
        clerk,
        resolution_date=timezone.localdate(),
        authorised_by_name="Chair Person",
    )
    assert_recorded(signature, by=clerk, kind="+", reason="Signed online", count=1)
    signature_withdraw(
        signature=signature,
        withdrawn_by=clerk,
        withdrawn_on=timezone.localdate(),
        reason="The council resolved to withdraw",
    )
    record = assert_recorded(signature, by=clerk, kind="~", reason="Withdrawn", count=2)
    assert record.withdrawal_reason == "The council resolved to withdraw"
    # The council's derived status changes are kept too.
    statuses = list(council.history.order_by("history_id").values_list("status", flat=True))
    assert statuses[-2:] == ["signed", "withdrawn"]


def test_a_paper_signature_is_recorded_as_received_on_paper(council, charter, officer):
    signature = signature_recorded(
        council,
        charter,
        officer,
        resolution_date=timezone.localdate(),
        minute_reference="Minute 4/26",
        authorised_by_name="Chair Person",
        on_paper=True,
    )
    assert_recorded(signature, by=officer, kind="+", reason="Received on paper")


def test_signing_through_the_pages_keeps_the_clerk_on_the_councils_status_change(
    clerk_client, council, charter
):
    answers = {
        "resolution_date": timezone.localdate().isoformat(),
        "minute_reference": "Minute 5/26",
        "authorised_by_name": "Chair Person",
        "authorised_by_role": "Chair",
    }
    clerk_client.post(f"/councils/yours/{council.slug}/sign/", answers)
    response = clerk_client.post(f"/councils/yours/{council.slug}/sign/check/")
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.status == Council.Status.SIGNED
    assert_recorded(council, by=clerk_client.user, kind="~")
    assert_recorded(Signature.objects.get(council=council), by=clerk_client.user, kind="+")


def test_progress_reports_and_their_corrections(council, charter, clerk_client, officer):
    council = signatory(council, charter)
    clerk, commitment = clerk_client.user, charter.commitments.first()
    period = ReportingPeriod.current()
    values = {"what_we_did": "Held a meeting"}
    report, created = progress_reported(
        council, commitment, period=period, user=clerk, status="in-progress", **values
    )
    assert created
    assert_recorded(report, by=clerk, kind="+", count=1)
    progress_reported(council, commitment, period=period, user=clerk, status="embedded", **values)
    assert_recorded(report, by=clerk, kind="~", reason="Corrected within the period", count=2)
    # The policy team's CSV upload records the officer.
    text = (
        "council,commitment,period,status,what_we_did,evidence_links,not_applicable_reason\n"
        f"{council.slug},{commitment.key},{period.label},planned,Planned it,,\n"
    )
    progress_reports_import(text=text, user=officer)
    report = ProgressReport.objects.get(pk=report.pk)
    assert report.status == "planned"
    assert_recorded(report, by=officer, kind="~", count=3)


def test_corrections_to_a_councils_details(council, officer):
    council_correct(council=council, data={"website": "https://example.org/"}, user=officer)
    record = assert_recorded(council, by=officer, kind="~")
    assert record.website == "https://example.org/"
    assert "website" in record.history_change_reason


def test_the_action_plan(charter, officer):
    item = ActionItemFactory(by=officer, title="Agree the protocol")
    assert_recorded(item, by=officer, kind="+", count=1)
    other = PolicyOfficerFactory()
    item = action_item_update(
        item=item, version=item.version, by=other, title="Agree the protocol with OALC"
    )
    record = assert_recorded(item, by=other, kind="~", count=2)
    assert record.title == "Agree the protocol with OALC"
    update = action_update_add(item=item, by=officer, text="Met the group", status="at-risk")
    assert update.author == officer
    item = ActionItem.objects.get(pk=item.pk)
    assert_recorded(item, by=officer, kind="~", count=3)
    assert latest(item).status == "at-risk"
    action_item_close(item=item, by=other, outcome="complete", note="Done")
    assert_recorded(item, by=other, kind="~", count=4)
    assert latest(item).status == "complete"
