"""Two people saving one record: the later save is refused with the conflict page (409), what
they typed kept and the other change shown (ui.conflicts), as the action plan's edit form does.
Today the first change was lost."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import Council, ProgressReport
from tests.factories import CouncilRoleFactory, PolicyOfficerFactory, signatory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def seen_of(response) -> str:
    """The hidden token of what the person saw, from the form page."""
    return re.search(r'name="seen" value="([^"]+)"', response.content.decode())[1]


def _html(response) -> str:
    return unescape(response.content.decode())


# --- Register corrections ---------------------------------------------------------------------


def _correction(council, **changes):
    data = {
        "name": council.name,
        "kind": council.kind,
        "kind_confirmed": "on",
        "district": council.district_id,
        "website": council.website,
        "contact_email": council.contact_email,
    }
    return {**data, **changes}


def test_two_officers_correcting_one_council(policy_client, council):
    other = _client(PolicyOfficerFactory(full_name="Sam Other"))
    url = reverse("councils:correct", args=[council.slug])
    mine, theirs = seen_of(policy_client.get(url)), seen_of(other.get(url))

    response = other.post(url, {**_correction(council, name="Adderbury PC"), "seen": theirs})
    assert response.status_code == 302

    typed = _correction(council, website="https://mine.example.org/")
    response = policy_client.post(url, {**typed, "seen": mine})
    assert response.status_code == 409
    html = _html(response)
    assert "Sam Other saved this council's details after you opened it" in html
    assert "What changed while you were editing" in html
    assert council.name in html and "Adderbury PC" in html  # then and now
    assert 'value="https://mine.example.org/"' in html  # what they typed, kept
    council.refresh_from_db()
    assert council.name == "Adderbury PC" and council.website != "https://mine.example.org/"

    # Saving again, knowingly, from the conflict page keeps theirs.
    again = {**typed, "name": "Adderbury PC", "seen": seen_of(response)}
    assert policy_client.post(url, again).status_code == 302
    council.refresh_from_db()
    assert (council.name, council.website) == ("Adderbury PC", "https://mine.example.org/")


def test_a_forged_token_is_a_field_error_not_a_500(policy_client, council):
    url = reverse("councils:correct", args=[council.slug])
    response = policy_client.post(url, {**_correction(council, name="X"), "seen": "forged"})
    assert response.status_code == 200
    assert "This form is out of date" in _html(response)
    assert Council.objects.get(pk=council.pk).name == council.name


# --- Progress report corrections ----------------------------------------------------------------


def test_two_clerks_correcting_one_report(council, clerk_client, charter):
    signatory(council, charter)
    other = _client(CouncilRoleFactory(council=council, user__full_name="Kim Clerk").user)
    url = reverse("councils:progress-report", args=[council.slug, "communication"])
    first = {
        "status": "planned",
        "what_we_did": "A plan.",
        "evidence_links": "",
        "not_applicable_reason": "",
    }
    assert clerk_client.post(url, {**first, "seen": seen_of(clerk_client.get(url))}).status_code
    report = ProgressReport.objects.get()
    mine, theirs = seen_of(clerk_client.get(url)), seen_of(other.get(url))

    theirs_data = {**first, "status": "in-progress", "what_we_did": "Newsletter sent."}
    assert other.post(url, {**theirs_data, "seen": theirs}).status_code == 302

    typed = {**first, "status": "embedded", "what_we_did": "Newsletter every quarter."}
    response = clerk_client.post(url, {**typed, "seen": mine})
    assert response.status_code == 409
    html = _html(response)
    assert "Kim Clerk saved this report after you opened it" in html
    assert "Newsletter sent." in html and "A plan." in html  # now, and then
    assert "Newsletter every quarter.</textarea>" in html  # what they typed, kept
    report.refresh_from_db()
    assert (report.status, report.what_we_did) == ("in-progress", "Newsletter sent.")

    again = clerk_client.post(url, {**typed, "seen": seen_of(response)})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.what_we_did == "Newsletter every quarter."


def test_two_clerks_making_the_first_report_at_once(council, clerk_client, charter):
    """The second no longer silently corrects the first."""
    signatory(council, charter)
    other = _client(CouncilRoleFactory(council=council).user)
    url = reverse("councils:progress-report", args=[council.slug, "communication"])
    mine, theirs = seen_of(clerk_client.get(url)), seen_of(other.get(url))
    data = {"status": "planned", "what_we_did": "", "evidence_links": ""}
    assert other.post(url, {**data, "seen": theirs}).status_code == 302
    response = clerk_client.post(url, {**data, "status": "not-started", "seen": mine})
    assert response.status_code == 409
    assert ProgressReport.objects.get().status == "planned"


# --- Clerk decisions ----------------------------------------------------------------------------


def test_two_officers_deciding_one_request(policy_client, council):
    role = CouncilRoleFactory(council=council, status="pending", decided_at=None)
    other = _client(PolicyOfficerFactory(full_name="Sam Other"))
    url = reverse("councils:policy-clerk-decide", kwargs={"pk": role.pk})
    mine, theirs = seen_of(policy_client.get(url)), seen_of(other.get(url))
    assert other.post(url, {"decision": "approve", "reason": "", "seen": theirs}).status_code == 302

    typed = {"decision": "reject", "reason": "Not the clerk, says the chair", "seen": mine}
    response = policy_client.post(url, typed)
    assert response.status_code == 409  # today: a 404, and what was typed lost
    html = _html(response)
    assert "Sam Other saved a decision on this request after you opened it" in html
    assert "(not decided)" in html and "Confirm: this person acts for the council" in html
    assert "Not the clerk, says the chair</textarea>" in html
    role.refresh_from_db()
    assert role.status == "confirmed"

    # Saving again cannot undo a decision: the request is no longer waiting.
    again = policy_client.post(url, {**typed, "seen": seen_of(response)})
    assert again.status_code == 200 and "already been decided" in _html(again)
    role.refresh_from_db()
    assert role.status == "confirmed"
