"""What people see: the action plan's overdue box, the charter's Implementation
section, minute references as typed, "not applicable" out of the overview's percentages, the
period picker from the charter's first quarter, and how long a lock-out lasts."""

import datetime
import re

import pytest
from django.urls import reverse

from councils.forms.progress import ProgressPeriodForm, charter_periods
from councils.models import ReportingPeriod
from tests.factories import (
    CouncilFactory,
    DistrictFactory,
    ProgressReportFactory,
    SignatureFactory,
    UserFactory,
    signatory,
)

pytestmark = pytest.mark.django_db


def test_the_only_overdue_box_is_a_govuk_checkbox_that_shows_its_state(anon_client, charter):
    html = anon_client.get(reverse("actions:plan"), {"overdue": "on"}).text
    box = re.search(r'<div class="govuk-checkboxes__item">\s*(<input[^>]*>)\s*<label', html)
    assert box, "the overdue box is not in GOV.UK's checkbox markup (so it is invisible)"
    assert 'name="overdue"' in box[1] and "checked" in box[1]
    assert (
        "checked"
        not in re.search(
            r'<input[^>]*name="overdue"[^>]*>', anon_client.get(reverse("actions:plan")).text
        )[0]
    )


def test_the_implementation_section_uses_the_pages_typography(anon_client, charter):
    charter.implementation = "First paragraph.\n\nSecond paragraph,\nwith a line break."
    charter.save()
    html = anon_client.get("/charter/").text
    section = html[html.index('id="implementation"') :]
    assert '<p class="govuk-body">First paragraph.</p>' in section
    assert '<p class="govuk-body">Second paragraph,<br>with a line break.</p>' in section


def test_a_minute_reference_is_shown_as_typed(anon_client, charter):
    council = CouncilFactory()
    SignatureFactory(council=council, version=charter, minute_reference="Minute 112/26")
    from councils.services.status import council_status_refresh

    council_status_refresh(council=council)
    html = anon_client.get(council.get_absolute_url()).text
    assert "Minute 112/26" in html
    assert "minute Minute" not in html


def test_not_applicable_is_left_out_of_the_overviews_percentage_and_said_so(anon_client, charter):
    cherwell = DistrictFactory(name="Cherwell")
    communication = charter.commitments.get(key="communication")
    councils = [signatory(CouncilFactory(district=cherwell), charter) for _ in range(4)]
    ProgressReportFactory(council=councils[0], commitment=communication, status="embedded")
    ProgressReportFactory(
        council=councils[1],
        commitment=communication,
        status="not-applicable",
        not_applicable_reason="No staff.",
    )
    html = anon_client.get(reverse("councils:progress-overview")).text
    # 1 of the 3 councils it applies to: 33%, not 1 of 4 (25%).
    assert "33%" in html and "(1 of 3; 1 not applicable)" in html
    assert "are left out of its percentage" in html


def test_the_period_picker_starts_at_the_charters_first_quarter(charter):
    charter.published_on = datetime.date(2024, 7, 1)
    charter.save()
    periods = charter_periods()
    assert periods[0] == ReportingPeriod.current()
    assert periods[-1] == ReportingPeriod.containing(datetime.date(2024, 7, 1))
    labels = [label for label, _text in ProgressPeriodForm().fields["period"].choices]
    assert labels[-1] == periods[-1].label and len(labels) == len(periods)
    earlier = ReportingPeriod.containing(datetime.date(2024, 6, 30)).label
    assert earlier not in labels


def test_the_lock_out_message_says_how_long_to_wait(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/5m/key"}
    user = UserFactory()
    for _ in range(3):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong-password"}
        )
    assert "Wait 5 minutes, then try again" in response.text


def test_the_too_many_attempts_page_says_how_long_to_wait(rf, settings):
    from django.template.loader import render_to_string

    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "10/m/ip,5/5m/key"}
    html = render_to_string("429.html", request=rf.get("/"))
    assert "Wait 5 minutes, then" in html
