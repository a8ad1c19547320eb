import datetime
import json

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Meeting, Partnership, Risk
from tests.factories import (
    ActionItemFactory,
    CouncilFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganisationFactory,
    PartnershipFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@pytest.fixture
def safer(charter):
    county = CouncilFactory(name="Oxfordshire County Council", kind="county", district=None)
    cherwell = CouncilFactory(name="Cherwell District Council", kind="district")
    return PartnershipFactory(
        name="Oxfordshire Safer Communities Partnership",
        level="thematic",
        is_statutory=True,
        lead_council=county,
        member_councils=[county, cherwell],
        member_organisations=[OrganisationFactory(name="Thames Valley Police", sector="police")],
        commitments=[charter.commitments.first()],
    )


def test_public_list_filters_and_shows_partnerships(anon_client, safer):
    PartnershipFactory(name="Oxford Inspires", level="local")
    page = anon_client.get(reverse("partnerships:list"), {"statutory": "yes"}).content.decode()
    assert "Oxfordshire Safer Communities Partnership" in page
    assert "Oxford Inspires" not in page
    page = anon_client.get(reverse("partnerships:list"), {"level": "nonsense"})
    assert page.status_code == 200
    assert "Choose a kind from the list" in page.content.decode()


def test_partnership_page_shows_members_commitments_and_public_risks_only(anon_client, safer):
    RiskFactory(partnership=safer, title="Funding ends", is_public=True, likelihood=5, impact=4)
    RiskFactory(partnership=safer, title="Chair resigns", is_public=False)
    page = anon_client.get(safer.get_absolute_url()).content.decode()
    assert "Thames Valley Police" in page and "Cherwell District Council" in page
    assert "Funding ends" in page and "Significant" in page
    assert "Chair resigns" not in page


def test_policy_team_sees_every_risk_and_the_matrix(policy_client, safer):
    RiskFactory(partnership=safer, title="Chair resigns", is_public=False, likelihood=2, impact=4)
    page = policy_client.get(safer.get_absolute_url()).content.decode()
    assert "Chair resigns" in page
    assert "Risk matrix" in page and "Likelihood 2" in page


def test_council_page_lists_its_partnerships(anon_client, safer):
    cherwell = safer.member_councils.get(name="Cherwell District Council")
    page = anon_client.get(cherwell.get_absolute_url()).content.decode()
    assert "Oxfordshire Safer Communities Partnership" in page


def test_downloads(anon_client, safer):
    csv = b"".join(anon_client.get(reverse("partnerships:download-csv")).streaming_content)
    assert b"Oxfordshire Safer Communities Partnership" in csv
    data = json.loads(anon_client.get(reverse("partnerships:download-json")).content)
    row = data["partnerships"][0]
    assert row["lead_organisation"] == "Oxfordshire County Council"
    assert "Thames Valley Police" in row["other_members"]


def test_policy_team_creates_a_partnership(policy_client, charter):
    council = CouncilFactory(name="West Oxfordshire District Council", kind="district")
    response = policy_client.post(
        reverse("partnerships:create"),
        {
            "name": "Oxfordshire Waste Partnership",
            "purpose": "Reduce waste and increase re-use and recycling.",
            "level": "thematic",
            "lead_council": council.pk,
            "member_councils": [council.pk],
            "commitments": [charter.commitments.first().pk],
            "review_due_on": "2027-04-01",
        },
    )
    assert response.status_code == 302
    p = Partnership.objects.get(name="Oxfordshire Waste Partnership")
    assert list(p.member_councils.all()) == [council]


def test_edit_conflict_is_a_409_that_keeps_what_was_typed(policy_client, safer):
    from partnerships.services import partnership_save
    from tests.factories import PolicyOfficerFactory

    partnership_save(partnership=safer, version=1, by=PolicyOfficerFactory(), purpose="Theirs")
    form = policy_client.get(reverse("partnerships:edit", args=[safer.slug])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "version"}
    data.update(
        version=1,
        purpose="Mine",
        level="thematic",
        lead_council=safer.lead_council_id,
        member_councils=[c.pk for c in safer.member_councils.all()],
        review_due_on="2027-03-31",
    )
    data.pop("member_organisations", None)
    data.pop("commitments", None)
    data.pop("ended_on", None)
    data.pop("parent", None)
    data.pop("lead_organisation", None)
    response = policy_client.post(reverse("partnerships:edit", args=[safer.slug]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "What changed while you were editing" in page and "Theirs" in page and "Mine" in page


def test_review_before_the_last_review_gets_a_message(policy_client, safer):
    url = reverse("partnerships:review", args=[safer.slug])
    ok = {
        "purpose_confirmed": "yes",
        "membership_confirmed": "yes",
        "governance_confirmed": "yes",
        **_date("next_due_on", datetime.date(2027, 6, 1)),
    }
    first = policy_client.post(url, {**ok, **_date("reviewed_on", datetime.date(2026, 6, 1))})
    assert first.status_code == 302, first.context["form"].errors
    response = policy_client.post(url, {**ok, **_date("reviewed_on", datetime.date(2026, 5, 1))})
    assert response.status_code == 200
    assert "cannot be before the last review, on 1 June 2026" in response.content.decode()


def test_a_likelihood_of_7_gets_a_message(policy_client, safer):
    response = policy_client.post(
        reverse("partnerships:risk-create", args=[safer.slug]),
        {
            "title": "Funding ends",
            "likelihood": "7",
            "impact": "3",
            "owner": "Partnership manager",
            **_date("review_on", datetime.date(2027, 1, 1)),
        },
    )
    assert response.status_code == 200
    assert "Choose a likelihood from 1 to 5" in response.content.decode()
    assert not Risk.objects.exists()


def test_a_meeting_that_ends_before_it_starts_gets_a_message(policy_client):
    series = MeetingSeriesFactory()
    response = policy_client.post(
        reverse("partnerships:meeting-create"),
        {
            "series": series.pk,
            **_date("date", datetime.date(2027, 1, 14)),
            "start_time": "14:00",
            "end_time": "13:00",
        },
    )
    assert response.status_code == 200
    assert "The meeting must end after it starts" in response.content.decode()
    assert not Meeting.objects.exists()


def test_meeting_with_actions_arising_and_calendar(policy_client, anon_client):
    series = MeetingSeriesFactory(name="County and district chief executives")
    item = ActionItemFactory(title="Joint waste plan")
    response = policy_client.post(
        reverse("partnerships:meeting-create"),
        {
            "series": series.pk,
            **_date("date", datetime.date(2099, 1, 14)),
            "start_time": "10:00",
            "end_time": "12:00",
            "location": "County Hall",
            "actions_arising": [item.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    page = anon_client.get(meeting.get_absolute_url()).content.decode()
    assert "Joint waste plan" in page
    assert (
        "County and district chief executives"
        in anon_client.get(reverse("partnerships:meetings")).content.decode()
    )


def test_icalendar_feeds(anon_client):
    series = MeetingSeriesFactory(name="Bilateral: Cherwell")
    start = timezone.now() + datetime.timedelta(days=7)
    MeetingFactory(series=series, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    response = anon_client.get(reverse("partnerships:meetings-ics"))
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert len(cal.walk("VEVENT")) == 2
    response = anon_client.get(reverse("partnerships:series-ics", args=[series.slug]))
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Bilateral: Cherwell"]


def test_home_shows_the_next_meetings(anon_client, charter):
    start = timezone.now() + datetime.timedelta(days=3)
    MeetingFactory(
        series=MeetingSeriesFactory(name="Leaders and chief executives"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    page = anon_client.get("/").content.decode()
    assert "Next meetings" in page and "Leaders and chief executives" in page


def test_dashboard_shows_overdue_reviews(policy_client):
    PartnershipFactory(
        name="Oxfordshire Housing Partnership", review_due_on=datetime.date(2025, 1, 1)
    )
    page = policy_client.get(reverse("policy-dashboard")).content.decode()
    assert "1</strong> annual review overdue" in page
    assert "Oxfordshire Housing Partnership" in page


def test_scrutiny_review_links_from_the_partnership(policy_client, anon_client, safer):
    response = policy_client.post(
        reverse("partnerships:scrutiny-create"),
        {
            "title": "Is the Safer Communities Partnership accountable?",
            "programme_year": 2026,
            "scope": "Governance and achievement.",
            "partnerships": [safer.pk],
            **_date("starts_on", datetime.date(2026, 9, 1)),
            **_date("ends_on", datetime.date(2027, 1, 31)),
        },
    )
    assert response.status_code == 302, response.content.decode()
    page = anon_client.get(safer.get_absolute_url()).content.decode()
    assert "Is the Safer Communities Partnership accountable?" in page
    assert "2026/27" in anon_client.get(reverse("partnerships:scrutiny")).content.decode()


def test_reminders_button(policy_client, django_capture_on_commit_callbacks):
    PartnershipFactory(review_due_on=datetime.date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = policy_client.post(reverse("partnerships:reminders"), follow=True)
    assert "1 reminder sent" in response.content.decode()


def test_an_uploaded_paper_is_served_as_a_download(policy_client, anon_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory()
    response = policy_client.post(
        reverse("partnerships:meeting-paper-add", args=[meeting.pk]),
        {"title": "Agenda pack", "file": SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda")},
    )
    assert response.status_code == 302
    page = anon_client.get(meeting.get_absolute_url()).content.decode()
    paper = meeting.papers.get()
    assert f'href="{paper.href}"' in page
    download = anon_client.get(paper.href)
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 agenda"


def test_a_paper_needs_a_link_or_a_file_not_both(policy_client):
    meeting = MeetingFactory()
    response = policy_client.post(
        reverse("partnerships:meeting-paper-add", args=[meeting.pk]), {"title": "Agenda"}
    )
    assert "Give a link or upload a file, one or the other" in response.content.decode()


def test_policy_team_adds_another_body_once(policy_client):
    from partnerships.models import Organisation

    url = reverse("partnerships:organisation-create")
    data = {"name": "Thames Valley Police", "sector": "police"}
    assert policy_client.post(url, data).status_code == 302
    again = policy_client.post(url, {**data, "name": "thames valley  police"})
    assert "Thames Valley Police is already in the register" in again.content.decode()
    assert Organisation.objects.count() == 1
