"""GOV.UK's date input (ui/forms.py ``DateInput``): day, month and year boxes in a
fieldset, instead of the browser's date control."""

import datetime
import re

import pytest

from ui.forms import DateField, GovukForm

NOT_REAL = (
    "Date of the meeting must be a real date, with a day, a month and a year, like 27 3 2026."
)


class MeetingForm(GovukForm):
    held_on = DateField(
        label="Date of the meeting",
        error_messages={"required": "Enter the date of the meeting."},
    )
    next_on = DateField(label="Date of the next meeting", required=False)


def test_three_labelled_boxes_in_a_fieldset_with_a_hint():
    html = str(MeetingForm(initial={"held_on": datetime.date(2026, 3, 27)}))
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert "Date of the meeting</legend>" in html and "Date of the next meeting (optional)" in html
    assert "For example, 27 3 2026" in html
    for part, label, value in (
        ("day", "Day", "27"),
        ("month", "Month", "3"),
        ("year", "Year", "2026"),
    ):
        assert f'name="held_on_{part}"' in html
        assert re.search(rf'<label[^>]*for="id_held_on_\d">{label}</label>', html)
        assert re.search(rf'name="held_on_{part}" id="id_held_on_\d"[^>]*value="{value}"', html)
    assert 'type="date"' not in html
    assert 'inputmode="numeric"' in html


def test_the_parts_make_a_date():
    form = MeetingForm({"held_on_day": "27", "held_on_month": "3", "held_on_year": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"held_on": datetime.date(2026, 3, 27), "next_on": None}


def test_a_whole_date_is_still_accepted():
    form = MeetingForm({"held_on": "2026-03-27"})
    assert form.is_valid() and form.cleaned_data["held_on"] == datetime.date(2026, 3, 27)


def test_missing_or_impossible_parts_say_what_is_wrong_next_to_the_field():
    empty = MeetingForm({"held_on_day": "", "held_on_month": "", "held_on_year": ""})
    assert empty.errors["held_on"] == ["Enter the date of the meeting."]
    for parts in (
        {"held_on_day": "31", "held_on_month": "2", "held_on_year": "2026"},
        {"held_on_day": "27", "held_on_year": "2026"},
        # Digits that str.isdigit() accepts and int() refuses: a message, never a 500.
        {"held_on_day": "²", "held_on_month": "3", "held_on_year": "2026"},
        {"held_on_day": "27", "held_on_month": "³", "held_on_year": "2026"},
        {"held_on_day": "27", "held_on_month": "3", "held_on_year": "２０２６"},
        {"held_on_day": "x", "held_on_month": "3", "held_on_year": "2026"},
    ):
        form = MeetingForm(parts)
        assert form.errors["held_on"] == [NOT_REAL]
    html = str(form)
    assert html.count("govuk-input--error") == 3  # each box marked
    assert 'aria-describedby="id_held_on_hint id_held_on_error"' in html
    assert 'value="x"' in html  # what was typed is shown back
    assert (
        "Date of the meeting must be a real date, with a day, a month and a year, like 27 3 2026.",
        "id_held_on_0",
    ) in form.error_summary()


def _held_on(day, month, year):
    return MeetingForm({"held_on_day": day, "held_on_month": month, "held_on_year": year})


@pytest.mark.parametrize(
    "month, number",
    [
        ("3", 3),
        ("03", 3),
        ("March", 3),
        ("march", 3),
        ("mar", 3),
        ("MAR", 3),
        ("Sep", 9),
        ("Sept", 9),
        ("sept.", 9),
        ("September", 9),
        (" Dec ", 12),
    ],
)
def test_the_month_as_a_number_a_name_or_an_abbreviation(month, number):
    form = _held_on("27", month, "2026")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == datetime.date(2026, number, 27)


def test_a_month_name_is_shown_back_as_typed_when_another_part_is_wrong():
    form = _held_on("31", "Feb", "2026")
    assert form.errors["held_on"] == [NOT_REAL]
    assert 'value="Feb"' in str(form)


@pytest.mark.parametrize("year", ["26", "202", "6"])
def test_a_short_year_asks_for_four_digits(year):
    form = _held_on("27", "3", year)
    assert form.errors["held_on"] == ["Enter the year as 4 digits, for example 2026"]


@pytest.mark.parametrize("year", ["1899", "2101", "0026", "20266"])
def test_a_year_before_1900_or_after_2100_is_refused(year):
    form = _held_on("27", "3", year)
    assert form.errors["held_on"] == ["The year must be between 1900 and 2100"]


@pytest.mark.parametrize("year", ["1900", "2100"])
def test_1900_and_2100_are_accepted(year):
    assert _held_on("1", "jan", year).is_valid()


@pytest.mark.parametrize("month", ["13", "0", "Marchember", "m"])
def test_a_month_that_is_not_one_is_not_a_real_date(month):
    assert _held_on("27", month, "2026").errors["held_on"] == [NOT_REAL]
