"""The rules every GOV.UK form follows (ui/forms.py): no silent truncation, conditional
reveals, one way to read a web address."""

import pytest
from django import forms

from councils.forms.clerks import CouncilRoleDecisionForm
from councils.forms.invitations import InvitationForm
from councils.forms.progress import ProgressReportForm
from councils.forms.signing import SignatureForm
from ui.forms import GovukForm, WebAddressField, web_address


class NoteForm(GovukForm):
    note = forms.CharField(label="What the council did", max_length=5000, widget=forms.Textarea)
    name = forms.CharField(label="Name", max_length=10)


def test_text_over_the_limit_is_refused_with_the_limit_and_how_far_over_never_cut():
    typed = ("Word " * 5200)[:25999] + "."  # 26,000 characters
    form = NoteForm({"note": typed, "name": "Jo"})
    assert not form.is_valid()
    assert form.errors["note"] == [
        "What the council did must be 5,000 characters or fewer: you have 21,000 characters "
        "too many"
    ]
    html = str(form)
    assert " maxlength=" not in html  # the browser would cut it silently
    assert typed in html  # nothing typed is lost


def test_a_textarea_with_a_limit_is_a_govuk_character_count():
    html = str(NoteForm())
    assert 'data-module="govuk-character-count" data-maxlength="5000"' in html
    assert 'class="govuk-textarea govuk-js-character-count"' in html
    assert 'aria-describedby="id_note-info"' in html
    assert '<div id="id_note-info" class="govuk-hint govuk-character-count__message">' in html
    # Text inputs are not counted, but still refused with a clear message, not cut.
    form = NoteForm({"note": "", "name": "x" * 12})
    assert form.errors["name"] == [
        "Name must be 10 characters or fewer: you have 2 characters too many"
    ]


def test_a_line_break_counts_as_one_character_as_the_count_shows():
    assert NoteForm({"note": "a\r\n" * 2500, "name": "Jo"}).is_valid()


def test_a_required_field_left_empty_names_the_field():
    form = NoteForm({"note": "", "name": ""})
    assert form.errors == {"note": ["Enter what the council did"], "name": ["Enter name"]}


@pytest.mark.parametrize(
    "typed, read",
    [
        ("adderburypc.co.uk/news", "https://adderburypc.co.uk/news"),
        ("www.adderburypc.co.uk", "https://www.adderburypc.co.uk"),
        ("http://adderburypc.co.uk/news", "http://adderburypc.co.uk/news"),
        ("  https://adderburypc.co.uk/  ", "https://adderburypc.co.uk/"),
    ],
)
def test_web_addresses_are_read_the_same_way_everywhere(typed, read):
    assert WebAddressField().clean(typed) == read
    assert web_address(typed) == read
    signing = SignatureForm({"minutes_url": typed, "minute_reference": "Minute 1/26"}, version=None)
    signing.is_valid()
    assert signing.cleaned_data["minutes_url"] == read
    progress = ProgressReportForm(
        {"status": "planned", "evidence_links": f"{typed}\nexample.org/report.pdf"}
    )
    assert progress.is_valid(), progress.errors
    assert progress.cleaned_data["evidence_links"] == [read, "https://example.org/report.pdf"]


@pytest.mark.parametrize("typed", ["javascript:alert(1)", "ftp://example.org/m.pdf", "not a url"])
def test_what_is_not_a_web_address_is_refused(typed):
    with pytest.raises(forms.ValidationError, match="Enter a web address, for example"):
        WebAddressField().clean(typed)


def test_the_reason_a_commitment_does_not_apply_is_revealed_under_that_answer():
    html = str(ProgressReportForm()["status"].as_field_group())
    assert (
        'value="not-applicable" id="id_status_4" '
        'data-aria-controls="conditional-id_not_applicable_reason"' in html
    )
    assert (
        'class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        'id="conditional-id_not_applicable_reason"' in html
    )
    assert html.index('id="id_status_4"') < html.index('name="not_applicable_reason"')
    assert "Why does this commitment not apply to the council?</label>" in html  # not optional
    # Rendered once, inside its answer.
    form_html = str(ProgressReportForm())
    assert form_html.count('name="not_applicable_reason"') == 1


def test_a_revealed_field_is_required_for_its_answer_only():
    form = ProgressReportForm({"status": "not-applicable"})
    assert form.errors["not_applicable_reason"] == [
        "Say why this commitment does not apply to the council"
    ]
    assert ProgressReportForm({"status": "planned"}).is_valid()
    chosen = ProgressReportForm({"status": "not-applicable"})
    chosen.is_valid()
    assert "govuk-radios__conditional--hidden" not in str(chosen["status"].as_field_group())


def test_the_reason_for_a_rejection_is_revealed_under_reject_and_required():
    form = CouncilRoleDecisionForm({"decision": "reject"})
    assert form.errors == {"reason": ["Give a reason for the rejection."]}
    assert CouncilRoleDecisionForm({"decision": "approve"}).is_valid()
    html = str(CouncilRoleDecisionForm())
    assert 'data-aria-controls="conditional-id_reason"' in html
    assert "(optional)" not in html


@pytest.mark.django_db
def test_the_district_and_kind_to_invite_are_revealed_under_their_answers():
    html = str(InvitationForm())
    assert 'value="district" id="id_who_1" data-aria-controls="conditional-id_district"' in html
    assert 'value="kind" id="id_who_2" data-aria-controls="conditional-id_kind"' in html
    assert "(optional)" not in html
    assert InvitationForm({"who": "district"}).errors == {
        "district": ["Choose the district to invite."]
    }
    assert InvitationForm({"who": "kind"}).errors == {
        "kind": ["Choose the kind of council to invite."]
    }


def test_what_the_council_did_is_not_labelled_optional_as_some_answers_need_it():
    html = str(ProgressReportForm())
    assert "What the council did (optional)" not in html
    assert "Needed if the council is in progress or has embedded it." in html
