import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from councils.models import OutgoingEmail
from partnerships.models import Meeting, Partnership, Risk
from partnerships.services import (
    EditConflict,
    meeting_save,
    partnership_review_record,
    partnership_review_reminders_send,
    partnership_save,
    risk_save,
)
from tests.factories import (
    CouncilFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnershipFactory,
    PolicyOfficerFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db


def test_partnership_with_members_lead_and_commitments(charter):
    county = CouncilFactory(name="Oxfordshire County Council", kind="county", district=None)
    district = CouncilFactory(name="Cherwell District Council", kind="district")
    police = OrganisationFactory(name="Thames Valley Police", sector="police")
    commitment = charter.commitments.first()
    p = PartnershipFactory(
        name="Oxfordshire Safer Communities Partnership",
        is_statutory=True,
        lead_council=county,
        member_councils=[county, district],
        member_organisations=[police],
        commitments=[commitment],
    )
    assert p.slug == "oxfordshire-safer-communities-partnership"
    assert set(p.member_councils.all()) == {county, district}
    assert list(Partnership.objects.of_council(district)) == [p]
    assert p.history.count() == 1  # one record for the row and its members


def test_lead_is_a_council_or_another_body_not_both():
    with pytest.raises(ValidationError):
        PartnershipFactory(lead_council=CouncilFactory(), lead_organisation=OrganisationFactory())


def test_parent_cannot_be_itself_or_a_child():
    parent = PartnershipFactory(name="The Oxfordshire Partnership", level="strategic")
    child = PartnershipFactory(parent=parent)
    with pytest.raises(ValidationError) as error:
        partnership_save(
            partnership=parent, version=parent.version, by=PolicyOfficerFactory(), parent=child
        )
    assert "parent" in error.value.message_dict


def test_update_over_someone_elses_change_is_a_conflict():
    p = PartnershipFactory()
    first, second = PolicyOfficerFactory(), PolicyOfficerFactory()
    partnership_save(partnership=p, version=1, by=first, purpose="Theirs")
    with pytest.raises(EditConflict) as error:
        partnership_save(partnership=p, version=1, by=second, purpose="Mine")
    change = error.value.changes[0]
    assert (change.label, change.before, change.after, change.yours) == (
        "Purpose",
        "Bring the councils and their partners together.",
        "Theirs",
        "Mine",
    )
    # A field the other officer did not touch is no conflict.
    saved = partnership_save(partnership=p, version=1, by=second, governance="New board")
    assert saved.version == 3 and saved.purpose == "Theirs"


def test_review_sets_the_next_due_date():
    p = PartnershipFactory(review_due_on=datetime.date(2026, 3, 31))
    review = partnership_review_record(
        partnership=p,
        by=PolicyOfficerFactory(),
        reviewed_on=datetime.date(2026, 4, 20),
        purpose_confirmed=True,
        membership_confirmed=False,
        governance_confirmed=True,
        notes="Thames Valley Police joined.",
        next_due_on=datetime.date(2027, 4, 20),
    )
    p.refresh_from_db()
    assert p.review_due_on == datetime.date(2027, 4, 20)
    assert p.last_reviewed_on == datetime.date(2026, 4, 20)
    assert review.changed == ["membership"]


def test_a_review_date_before_the_last_review_is_refused():
    p = PartnershipFactory()
    by = PolicyOfficerFactory()
    kwargs = dict(
        partnership=p,
        by=by,
        purpose_confirmed=True,
        membership_confirmed=True,
        governance_confirmed=True,
        next_due_on=datetime.date(2027, 6, 1),
    )
    partnership_review_record(reviewed_on=datetime.date(2026, 6, 1), **kwargs)
    with pytest.raises(ValidationError) as error:
        partnership_review_record(reviewed_on=datetime.date(2026, 5, 1), **kwargs)
    assert "before the last review" in error.value.message_dict["reviewed_on"][0]


def test_overdue_reviews_send_reminders_through_the_outbox(django_capture_on_commit_callbacks):
    overdue = PartnershipFactory(review_due_on=datetime.date(2026, 1, 1))
    PartnershipFactory(review_due_on=datetime.date(2026, 1, 1), contact_email="")
    PartnershipFactory(review_due_on=datetime.date(2027, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        sent = partnership_review_reminders_send(today=datetime.date(2026, 11, 30))
    assert sent == 1
    email = OutgoingEmail.objects.get()
    assert email.to == [overdue.contact_email]
    assert overdue.name in email.body and "overdue" in email.subject


def test_a_likelihood_of_7_is_refused():
    p = PartnershipFactory()
    with pytest.raises(ValidationError) as error:
        risk_save(
            partnership=p,
            by=PolicyOfficerFactory(),
            title="Funding ends",
            likelihood=7,
            impact=3,
            owner="Partnership manager",
            review_on=datetime.date(2027, 1, 1),
        )
    assert "from 1 to 5" in error.value.message_dict["likelihood"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.create(
            partnership=p, title="x", likelihood=7, impact=1, owner="x", review_on="2027-01-01"
        )


def test_significant_risks_score_15_or_more():
    high = RiskFactory(likelihood=5, impact=3)
    RiskFactory(likelihood=4, impact=3, partnership=high.partnership)
    assert list(Risk.objects.significant()) == [high]


def test_a_meeting_that_ends_before_it_starts_is_refused():
    start = datetime.datetime(2027, 1, 14, 10, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as error:
        MeetingFactory(starts_at=start, ends_at=start - datetime.timedelta(hours=1))
    assert "end after it starts" in error.value.message_dict["ends_at"][0]
    assert not Meeting.objects.exists()


def test_meeting_update_conflict():
    meeting = MeetingFactory()
    a, b = PolicyOfficerFactory(), PolicyOfficerFactory()
    meeting_save(meeting=meeting, version=1, by=a, minutes="Agreed the waste plan.")
    with pytest.raises(EditConflict):
        meeting_save(meeting=meeting, version=1, by=b, minutes="Something else.")


def test_liaison_series_load_from_the_seeds_and_again():
    from django.core.management import call_command

    from partnerships.models import MeetingSeries

    call_command("load_meeting_series", verbosity=0)
    call_command("load_meeting_series", verbosity=0)
    names = set(MeetingSeries.objects.values_list("name", flat=True))
    assert "County and district chief executives" in names
    assert len(names) == 7  # leaders, chief executives, and a bilateral series per district
    monthly = MeetingSeries.objects.get(slug="county-and-district-chief-executives")
    assert monthly.frequency == "monthly" and "Liaison Arrangements" in monthly.source


def test_reminders_command(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    PartnershipFactory(review_due_on=datetime.date(2025, 1, 1))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_partnership_review_reminders", stdout=out)
    assert "1 reminder queued." in out.getvalue()
    assert OutgoingEmail.objects.count() == 1
