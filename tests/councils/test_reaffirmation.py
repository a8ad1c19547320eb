"""A new charter version never strands a council: publishing asks the signatories of earlier
versions to re-affirm (with what changed), the policy team sees who has, reminders go at most
once per council per week (also for reminders to sign), and the directory tells the current
version's signatories from an earlier one's."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from commitments.models import CharterVersion
from commitments.services import charter_version_draft, charter_version_update
from councils.models import Invitation
from councils.services.invitations import (
    charter_version_publish_and_ask_to_reaffirm,
    councils_to_reaffirm,
    invitations_send,
    reaffirmation_rows,
)
from councils.services.status import council_status_refresh
from tests.factories import (
    CouncilFactory,
    CouncilRoleFactory,
    InvitationFactory,
    PolicyOfficerFactory,
    SignatureFactory,
    signature_recorded,
)

pytestmark = pytest.mark.django_db
REAFFIRMATION = "/councils/policy/reaffirmation/"
INVITATIONS = "/councils/policy/invitations/"


def signatory(council, version):
    SignatureFactory(council=council, version=version, resolution_date=version.published_on)
    return council_status_refresh(council=council)


def draft_v2(summary="Commitment 3 now covers young people."):
    draft = charter_version_draft(source=CharterVersion.objects.get(number=1))
    charter_version_update(version=draft, data={"summary_of_changes": summary})
    return draft


@pytest.fixture
def officer(db):
    return PolicyOfficerFactory()


def test_publishing_emails_the_clerks_of_every_earlier_signatory(
    charter, officer, django_capture_on_commit_callbacks
):
    with_clerks = signatory(CouncilFactory(name="Aston Parish Council"), charter)
    CouncilRoleFactory(council=with_clerks, user__email="clerk1@aston.example.org")
    CouncilRoleFactory(council=with_clerks, user__email="clerk2@aston.example.org")
    no_clerk = signatory(
        CouncilFactory(name="Bampton Parish Council", contact_email="clerk@bampton.example.org"),
        charter,
    )
    nobody = signatory(CouncilFactory(name="Cote Parish Council", contact_email=""), charter)
    CouncilFactory(name="Ducklington Parish Council")  # never signed: not asked
    with django_capture_on_commit_callbacks(execute=True):
        version, batch = charter_version_publish_and_ask_to_reaffirm(
            version=draft_v2(), published_by=officer
        )
    assert version.is_published
    assert batch.skipped == [nobody]
    sent = sorted(email.to[0] for email in mail.outbox)
    assert sent == [
        "clerk1@aston.example.org",
        "clerk2@aston.example.org",
        "clerk@bampton.example.org",
    ]
    email = mail.outbox[0]
    assert "re-affirm" in email.subject and "Version 2" in email.subject
    assert "Commitment 3 now covers young people." in email.body
    assert "/charter/versions/2/" in email.body or "/versions/2/" in email.body
    bodies = " ".join(e.body for e in mail.outbox)
    assert f"/councils/yours/{with_clerks.slug}/sign/" in bodies
    assert f"/councils/yours/{no_clerk.slug}/sign/" in bodies
    assert set(Invitation.objects.values_list("kind", flat=True)) == {"reaffirmation"}


def test_publish_failure_sends_nothing(charter, officer):
    signatory(CouncilFactory(), charter)
    empty = CharterVersion.objects.create(number=5, title="Empty")
    with pytest.raises(ValidationError):
        charter_version_publish_and_ask_to_reaffirm(version=empty, published_by=officer)
    assert not Invitation.objects.exists()


def test_publish_page_says_who_will_be_asked_and_leads_to_who_has_reaffirmed(
    policy_client, charter, django_capture_on_commit_callbacks
):
    signatory(CouncilFactory(name="Aston Parish Council"), charter)
    draft = draft_v2()
    page = policy_client.get(f"/policy/charter/{draft.number}/publish/")
    assert "1 council that signed an earlier version is emailed" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = policy_client.post(f"/policy/charter/{draft.number}/publish/", follow=True)
    assert response.redirect_chain[-1][0] == REAFFIRMATION
    assert "We asked 1 council that signed an earlier version to re-affirm it" in response.text
    assert "0 of 1 council has re-affirmed version 2" in response.text
    assert "Aston Parish Council" in response.text and "Not yet" in response.text


def test_reaffirmation_page_shows_who_has_reaffirmed(policy_client, charter, officer, today):
    aston = signatory(CouncilFactory(name="Aston Parish Council"), charter)
    bampton = signatory(CouncilFactory(name="Bampton Parish Council"), charter)
    version, _ = charter_version_publish_and_ask_to_reaffirm(
        version=draft_v2(), published_by=officer
    )
    signature_recorded(
        aston, version, officer, minute_reference="Minute 1", authorised_by_name="Chair"
    )
    rows = reaffirmation_rows(version=version)
    assert [(r.council, r.current is not None) for r in rows] == [(bampton, False), (aston, True)]
    assert list(councils_to_reaffirm(version=version)) == [bampton]
    page = policy_client.get(REAFFIRMATION).text
    assert "1 of 2 councils have re-affirmed version 2" in page
    assert "Re-affirmed" in page


@pytest.fixture
def today():
    return timezone.localdate()


def test_reaffirmation_reminder_once_per_council_per_week(
    policy_client, charter, officer, django_capture_on_commit_callbacks
):
    council = signatory(CouncilFactory(name="Aston Parish Council"), charter)
    CouncilRoleFactory(council=council, user__email="clerk@aston.example.org")
    charter_version_publish_and_ask_to_reaffirm(version=draft_v2(), published_by=officer)
    # A council gets at most one email a day: the request to re-affirm went two days ago.
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        first = policy_client.post(REAFFIRMATION, follow=True)
        second = policy_client.post(REAFFIRMATION, follow=True)
    assert "1 council reminded to re-affirm version 2" in first.text
    assert "not reminded again" in second.text
    reminders = Invitation.objects.filter(kind="reaffirmation-reminder")
    assert reminders.count() == 1
    assert [e.subject for e in mail.outbox if "Reminder" in e.subject] != []
    today = timezone.localdate()
    assert f"{today:%-d %b %Y}" in policy_client.get(REAFFIRMATION).text
    # A week later, one more.
    reminders.update(created_at=timezone.now() - datetime.timedelta(days=8))
    policy_client.post(REAFFIRMATION)
    assert Invitation.objects.filter(kind="reaffirmation-reminder").count() == 2


def test_pressing_send_a_reminder_twice_sends_one_email(
    policy_client, charter, django_capture_on_commit_callbacks
):
    council = CouncilFactory(name="Aston Parish Council")
    InvitationFactory(council=council, version=charter)
    # A council gets at most one email a day: the invitation went two days ago.
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        policy_client.post(INVITATIONS, {"who": "reminder"})
        response = policy_client.post(INVITATIONS, {"who": "reminder"}, follow=True)
    assert Invitation.objects.filter(kind="reminder").count() == 1
    assert len(mail.outbox) == 1
    assert (
        "1 not reminded again: reminded in the last 7 days, or emailed in the last day "
        "(a council gets at most one email a day): Aston Parish Council"
    ) in response.text
    # The council's last reminder date is shown.
    assert f"{timezone.localdate():%-d %b %Y}" in response.text
    assert "Last reminder" in response.text


def test_reminders_service_skips_the_recently_reminded(charter, officer):
    council = CouncilFactory()
    InvitationFactory(council=council, version=charter, kind="reminder")
    batch = invitations_send(
        councils=council.__class__.objects.filter(pk=council.pk),
        invited_by=officer,
        kind=Invitation.Kind.REMINDER,
    )
    assert batch.queued == [] and batch.too_soon == [council]
    # A failed reminder does not count.
    Invitation.objects.update(status="failed")
    batch = invitations_send(
        councils=council.__class__.objects.filter(pk=council.pk),
        invited_by=officer,
        kind=Invitation.Kind.REMINDER,
    )
    assert len(batch.queued) == 1


def test_directory_filters_current_and_earlier_version_signatories(anon_client, charter, officer):
    early = signatory(CouncilFactory(name="Aston Parish Council"), charter)
    version, _ = charter_version_publish_and_ask_to_reaffirm(
        version=draft_v2(), published_by=officer
    )
    both = signatory(CouncilFactory(name="Bampton Parish Council"), charter)
    SignatureFactory(council=both, version=version, resolution_date=version.published_on)
    council_status_refresh(council=both)
    CouncilFactory(name="Cote Parish Council")
    current = anon_client.get("/councils/", {"signed_version": "current"}).text
    earlier = anon_client.get("/councils/", {"signed_version": "earlier"}).text
    assert "Bampton" in current and "Aston" not in current and "Cote" not in current
    assert "Aston" in earlier and "Bampton" not in earlier and "Cote" not in earlier
    bad = anon_client.get("/councils/", {"signed_version": "banana"})
    assert bad.status_code == 200 and "Choose the current or an earlier version" in bad.text
    assert early.signed_version == charter


def test_the_email_to_reaffirm_summarises_what_changed_and_links_to_it(
    charter, officer, django_capture_on_commit_callbacks
):
    from commitments.services import charter_section_update

    council = signatory(CouncilFactory(contact_email="clerk@aston.example.org"), charter)
    draft = draft_v2()
    for key in ("communication", "resources"):
        section = draft.commitments.get(key=key)
        charter_section_update(
            section=section, title=section.title, statements=[*section.statements, "And more."]
        )
    with django_capture_on_commit_callbacks(execute=True):
        charter_version_publish_and_ask_to_reaffirm(version=draft, published_by=officer)
    (email,) = mail.outbox
    assert email.to == [council.contact_email]
    assert (
        "From version 1 to version 2: 2 sections changed, 0 added and 0 removed (5 unchanged). "
        "Every change, word by word:\nhttp"
    ) in email.body
    assert "/charter/versions/compare/?from=1&to=2\n" in email.body


def test_the_reminder_to_reaffirm_summarises_what_changed_too(
    charter, officer, django_capture_on_commit_callbacks
):
    signatory(CouncilFactory(contact_email="clerk@aston.example.org"), charter)
    with django_capture_on_commit_callbacks(execute=True):
        version, _ = charter_version_publish_and_ask_to_reaffirm(
            version=draft_v2(), published_by=officer
        )
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(
            councils=councils_to_reaffirm(version=version),
            invited_by=officer,
            kind=Invitation.Kind.REAFFIRMATION_REMINDER,
            version=version,
        )
    (email,) = mail.outbox
    assert "From version 1 to version 2: 0 sections changed, 0 added and 0 removed" in email.body
    assert "/charter/versions/compare/?from=1&to=2\n" in email.body
