"""The filter and form plumbing written once in ``ui``: a choice nobody offered, what a link's
filters give, and an end date before its start."""

import datetime

from django import forms

from councils.models import Council
from ui.filters import LinkFilterSet, choice_filter, words_filter
from ui.forms import GovukForm, end_not_before_start

NONE = Council.objects.none()  # never read: these tests look at the form alone


class _Filter(LinkFilterSet):
    q = words_filter(label="Words", method="filter_q")
    status = choice_filter("a status", choices=[("open", "Open")], empty_label="Any status")

    def filter_q(self, queryset, name, value):
        return queryset


def test_a_choice_nobody_offered_says_choose_from_the_list_and_the_rest_still_apply():
    filterset = _Filter({"status": "banana", "q": "newsletter"}, queryset=NONE)
    assert filterset.form.errors == {"status": ["Choose a status from the list"]}
    assert filterset.is_filtered
    assert filterset.applied() == {"q": "newsletter"}


def test_words_are_at_most_100_characters():
    filterset = _Filter({"q": "x" * 101}, queryset=NONE)
    assert filterset.form.errors == {"q": ["Search for at most 100 characters"]}


def test_no_filters_in_the_link_is_not_filtered():
    assert not _Filter(None, queryset=NONE).is_filtered
    assert not _Filter({"q": ""}, queryset=NONE).is_filtered


class _Dates(GovukForm):
    starts_on = forms.DateField(required=False)
    ends_on = forms.DateField(required=False)

    def clean(self):
        data = super().clean()
        end_not_before_start(self, "starts_on", "ends_on", "It cannot end before it starts")
        return data


def test_an_end_before_its_start_is_refused_next_to_the_end():
    day = datetime.date(2026, 3, 27)
    form = _Dates({"starts_on": day, "ends_on": day - datetime.timedelta(days=1)})
    assert form.errors == {"ends_on": ["It cannot end before it starts"]}
    assert _Dates({"starts_on": day, "ends_on": day}).is_valid()
    assert _Dates({"ends_on": day}).is_valid()
