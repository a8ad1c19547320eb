"""GOV.UK's date input (ui/forms.py ``DateInput``, issue 7): day, month and year boxes in a
fieldset, instead of the browser's date control."""

import datetime
import re

from django import forms

from ui.forms import DateInput, GovukForm

NOT_REAL = (
    "Date of the meeting must be a real date, with a day, a month and a year, like 27 3 2026."
)


class MeetingForm(GovukForm):
    held_on = forms.DateField(
        label="Date of the meeting",
        widget=DateInput,
        error_messages={"required": "Enter the date of the meeting."},
    )
    next_on = forms.DateField(label="Date of the next meeting", widget=DateInput, required=False)


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
