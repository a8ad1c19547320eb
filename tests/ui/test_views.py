"""The view plumbing written once in ``ui``: breadcrumbs, pagination, a service's
ValidationError and an upload's problems on a form, the conflict message, status tags."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.template import Context, Template

from councils.models import Council, CouncilRole
from ui.conflicts import conflict_error_add
from ui.templatetags.govuk import status_tag_colour
from ui.views import (
    MAX_FILE_ERRORS_SHOWN,
    breadcrumbs,
    crumbs_under,
    file_errors_add,
    form_errors_add,
    page_range,
)


class _Form(forms.Form):
    name = forms.CharField()
    file = forms.CharField(required=False)


def _bound():
    form = _Form(data={"name": "Adderbury"})
    assert form.is_valid()
    return form


def test_breadcrumbs_start_at_home_and_end_with_the_page():
    assert breadcrumbs(("Your councils", "/councils/yours/"), title="Close your account") == [
        ("Home", "/"),
        ("Your councils", "/councils/yours/"),
        ("Close your account", None),
    ]
    assert breadcrumbs(title="Action plan") == [("Home", "/"), ("Action plan", None)]


def test_the_policy_teams_trail_starts_at_its_dashboard_which_the_top_floor_registers():
    policy = ("Policy team", "/policy/")  # registered by charter_portal's AppConfig.ready()
    assert breadcrumbs(title="Progress reports", start="policy") == [
        ("Home", "/"),
        policy,
        ("Progress reports", None),
    ]
    crumbs = crumbs_under("Manage consultations", "consultations:manage", start="policy")
    assert crumbs(("Responses", None)) == [
        ("Home", "/"),
        policy,
        ("Manage consultations", "/consultations/manage/"),
        ("Responses", None),
    ]
    assert crumbs_under("Manage the action plan", "actions:manage")() == [
        ("Home", "/"),
        ("Manage the action plan", "/actions/manage/"),
    ]


def test_page_range_elides_all_but_the_ends_and_the_neighbours():
    page = Paginator(range(500), 10).get_page(25)
    assert page_range(page) == [1, "…", 24, 25, 26, "…", 50]


def test_a_services_error_goes_next_to_its_field_or_at_the_top():
    form = _bound()
    form_errors_add(form, ValidationError({"name": "Enter a shorter name.", "other": "Oops."}))
    assert form.errors["name"] == ["Enter a shorter name."]
    assert form.non_field_errors() == ["Oops."]
    form = _bound()
    form_errors_add(form, ValidationError("Nothing to save."))
    assert form.non_field_errors() == ["Nothing to save."]


def test_an_uploads_problems_are_listed_on_the_file_field_with_how_many_more():
    form = _bound()
    file_errors_add(form, [f"line {n}: bad" for n in range(MAX_FILE_ERRORS_SHOWN + 3)])
    errors = [message for error in form.errors.as_data()["file"] for message in error]
    assert errors[0] == "line 0: bad" and len(errors) == MAX_FILE_ERRORS_SHOWN + 2
    assert errors[-2:] == [
        "… and 3 more problems",
        "Nothing was saved: correct the file and upload it again",
    ]


def test_the_conflict_message_names_who_and_when():
    form = _bound()
    who = type("U", (), {"full_name": "Jo Bloggs", "email": "jo@example.org"})()
    when = datetime.datetime(2026, 11, 30, 14, 5, tzinfo=datetime.UTC)
    conflict_error_add(form, who=who, when=when, what="this action")
    (message,) = form.non_field_errors()
    assert message.startswith("Jo Bloggs saved this action after you opened it, at 14:05 on")
    assert "Your changes have not been saved." in message


@pytest.mark.parametrize(
    "status, markup",
    [
        ("signed", '<strong class="govuk-tag govuk-tag--green">Signed</strong>'),
        ("invited", '<strong class="govuk-tag">Invited</strong>'),
        ("withdrawn", '<strong class="govuk-tag govuk-tag--orange">Withdrawn</strong>'),
        ("not-signed", '<strong class="govuk-tag govuk-tag--grey">Not yet signed</strong>'),
    ],
)
def test_a_status_tag_takes_its_colour_from_the_model(status, markup):
    rendered = Template("{% load govuk %}{% status_tag council %}").render(
        Context({"council": Council(status=status)})
    )
    assert rendered == markup


def test_a_status_tag_colour_must_be_one_gov_uk_has():
    role = CouncilRole(status="pending")
    assert status_tag_colour(role) == "blue"
    role.STATUS_TAG_COLOURS = {"pending": "mauve"}
    with pytest.raises(ValueError):
        status_tag_colour(role)
