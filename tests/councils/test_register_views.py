"""The policy team corrects a council's details in the portal; who may, and what it keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Council
from councils.services.register import council_correct, council_register_import
from tests.factories import CouncilFactory, DistrictFactory, PolicyOfficerFactory

pytestmark = pytest.mark.django_db


def _url(council):
    return reverse("councils:correct", args=[council.slug])


def _form_data(council, **changes):
    data = {
        "name": council.name,
        "kind": council.kind,
        "kind_confirmed": "on" if council.kind_confirmed else "",
        "district": council.district_id or "",
        "website": council.website,
        "contact_email": council.contact_email,
        "started_on": council.started_on or "",
        "ended_on": council.ended_on or "",
        "replaced_by": council.replaced_by_id or "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v not in (None, False)}


# --- Who may correct -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(anon_client, council):
    response = anon_client.get(_url(council))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("client_name", ["user_client", "clerk_client", "other_clerk_client"])
def test_users_and_clerks_may_not_correct(request, council, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get(_url(council)).status_code == 403


def test_a_clerk_posting_changes_nothing(clerk_client, council):
    response = clerk_client.post(_url(council), _form_data(council, name="Hijacked"))
    assert response.status_code == 403
    council.refresh_from_db()
    assert council.name == "Adderbury Parish Council"
    assert council.corrected_fields == []
    assert council.history.count() == 1


@pytest.mark.parametrize("client_name", ["policy_client", "admin_client"])
def test_the_policy_team_may_correct(request, council, client_name):
    client = request.getfixturevalue(client_name)
    response = client.get(_url(council))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Correct the details" in html
    assert 'value="Adderbury Parish Council"' in html


def test_a_policy_officer_without_two_factors_is_sent_to_set_them_up(client, council):
    officer = PolicyOfficerFactory(policy_team=False)
    client.force_login(officer)
    response = client.get(_url(council))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_unknown_council_is_a_404(policy_client, db):
    assert policy_client.get("/councils/atlantis/correct/").status_code == 404


# --- Correcting ----------------------------------------------------------------------------


def test_a_correction_is_saved_recorded_and_shown(policy_client, council):
    other = DistrictFactory(name="South Oxfordshire")
    response = policy_client.post(
        _url(council),
        _form_data(
            council,
            name="Adderbury Parish Meeting",
            kind=Council.Kind.PARISH_MEETING,
            kind_confirmed="on",
            district=other.pk,
            website="https://adderbury.example.org/",
            contact_email="parish@adderbury.example.org",
            started_on="2020-04-01",
        ),
        follow=True,
    )
    assert response.redirect_chain == [(council.get_absolute_url(), 302)]
    council.refresh_from_db()
    assert council.name == "Adderbury Parish Meeting"
    assert council.kind == Council.Kind.PARISH_MEETING
    assert council.district == other
    assert council.started_on == datetime.date(2020, 4, 1)
    assert council.corrected_fields == sorted(
        ["name", "kind", "district", "website", "contact_email", "started_on"]
    )
    html = response.content.decode()
    assert "Adderbury Parish Meeting: your corrections are saved." in html
    assert (
        "Corrected by the policy team: name, kind, district, website, public contact email, "
        "date the council started." in html
    )
    record = council.history.first()
    assert record.history_user == policy_client.user
    assert record.history_change_reason.startswith("Corrected by the policy team: name")


def test_saving_unchanged_details_changes_nothing(policy_client, council):
    response = policy_client.post(_url(council), _form_data(council), follow=True)
    assert "Nothing changed" in response.content.decode()
    council.refresh_from_db()
    assert council.corrected_fields == []


def test_a_merger_records_the_council_that_replaced_it(policy_client, council, other_council):
    policy_client.post(
        _url(council),
        _form_data(council, ended_on="2027-03-31", replaced_by=other_council.pk),
    )
    council.refresh_from_db()
    assert council.replaced_by == other_council
    assert council.ended_on == datetime.date(2027, 3, 31)
    assert not Council.objects.current().filter(pk=council.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the council&#x27;s name"),
        ({"kind": "hamlet"}, "kind", "Select a valid choice"),
        ({"district": ""}, "district", "Choose the district this council belongs to"),
        ({"district": "99999"}, "district", "Choose a district from the list"),
        ({"website": "not a web address"}, "website", "Enter a web address"),
        ({"contact_email": "nobody"}, "contact_email", "Enter an email address"),
        ({"started_on": "2026-13-45"}, "started_on", "Enter the start date as a real date"),
        (
            {"started_on": "2026-04-01", "ended_on": "2025-04-01"},
            "ended_on",
            "The end date must be the same as or after the start date",
        ),
        ({"replaced_by": "99999"}, "replaced_by", "Choose a council from the list"),
    ],
)
def test_bad_input_shows_field_errors_and_keeps_what_was_typed(
    policy_client, council, changes, field, message
):
    data = _form_data(council, **({"name": "Typed Name"} | changes))
    response = policy_client.post(_url(council), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert f'id="id_{field}_error"' in html
    assert message in html
    if "name" not in changes:
        assert 'value="Typed Name"' in html
    # The page keeps the saved name while it shows the errors.
    assert '<span class="govuk-caption-l">Adderbury Parish Council</span>' in html
    council.refresh_from_db()
    assert council.name == "Adderbury Parish Council"
    assert council.corrected_fields == []


def test_a_council_cannot_replace_itself(policy_client, council):
    response = policy_client.post(
        _url(council), _form_data(council, ended_on="2027-03-31", replaced_by=council.pk)
    )
    assert response.status_code == 200
    assert "Choose a council from the list" in response.content.decode()


def test_the_county_needs_no_district(policy_client, db):
    county = CouncilFactory(name="Oxfordshire County Council", kind="county", district=None)
    response = policy_client.post(_url(county), _form_data(county, website="https://ox.example/"))
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.website == "https://ox.example/"


def test_corrected_fields_survive_a_later_import(policy_client, db):
    header = "gss_code,name,kind,district,website,kind_confirmed\n"
    rows = (
        "E07000177,Cherwell District Council,district,Cherwell,,yes\n"
        "E04008018,Adderbury Parish Council,parish,Cherwell,,no\n"
    )
    council_register_import(text=header + rows)
    council = Council.objects.get(codes__code="E04008018")
    policy_client.post(
        _url(council),
        _form_data(council, kind=Council.Kind.PARISH_MEETING, kind_confirmed="on"),
    )
    result = council_register_import(text=header + rows)
    council.refresh_from_db()
    assert (council.kind, council.kind_confirmed) == (Council.Kind.PARISH_MEETING, True)
    assert sorted(result.kept_corrections) == [
        "Adderbury Parish Council: kind",
        "Adderbury Parish Council: kind_confirmed",
    ]


def test_the_service_refuses_fields_it_does_not_correct(council):
    with pytest.raises(ValueError, match="status"):
        council_correct(council=council, data={"status": "signed"}, user=PolicyOfficerFactory())


def test_the_service_turns_a_broken_rule_into_a_validation_error(council):
    with pytest.raises(ValidationError):
        council_correct(council=council, data={"district": None}, user=PolicyOfficerFactory())
    council.refresh_from_db()
    assert council.district is not None


def test_the_correct_page_queries_do_not_grow(policy_client, council):
    policy_client.get(_url(council))
    with CaptureQueriesContext(connection) as small:
        policy_client.get(_url(council))
    CouncilFactory.create_batch(20)
    with CaptureQueriesContext(connection) as large:
        policy_client.get(_url(council))
    assert len(small) == len(large)


# --- The policy dashboard ------------------------------------------------------------------


def test_the_policy_dashboard_has_a_register_section(policy_client, council, other_council):
    council_correct(council=council, data={"kind_confirmed": False}, user=policy_client.user)
    html = policy_client.get(reverse("policy-dashboard")).content.decode()
    assert '<h2 class="govuk-heading-m">Register</h2>' in html
    assert "2 councils</a> in the register, 0 signed" in html
    assert 'href="/councils/?kind_confirmed=no">1 council whose kind is not yet confirmed' in html
    assert "1 council corrected by the policy team" in html
    assert "Correct these details" in html
