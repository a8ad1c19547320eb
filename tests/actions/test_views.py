import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actions.models import ActionItem
from actions.services import action_item_update
from tests.factories import (
    ActionItemFactory,
    ActionUpdateFactory,
    CouncilFactory,
    PolicyOfficerFactory,
)

pytestmark = pytest.mark.django_db

PLAN = "/actions/"
TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=30)
FUTURE = TODAY + datetime.timedelta(days=90)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(charter):
    """Three public items (one overdue, one led by a council, one at risk) and a hidden one."""
    communication = charter.commitments.get(key="communication")
    resources = charter.commitments.get(key="resources")
    overdue = ActionItemFactory(
        title="Joint engagement calendar",
        start_date=PAST - datetime.timedelta(days=60),
        due_date=PAST,
        commitments=[communication],
        status="on-track",
    )
    council = CouncilFactory(name="Cherwell District Council", kind="district")
    led = ActionItemFactory(
        title="Shared training offer",
        lead_council=council,
        due_date=FUTURE,
        commitments=[resources],
    )
    risky = ActionItemFactory(title="Parish liaison meetings", status="at-risk", due_date=FUTURE)
    hidden = ActionItemFactory(title="Secret budget bid", is_public=False, commitments=[resources])
    return {"overdue": overdue, "led": led, "risky": risky, "hidden": hidden, "council": council}


def titles(response) -> list[str]:
    return [item.title for item in response.context["items"]]


# --- The public plan and its filters ---


def test_plan_lists_public_items_only(anon_client, plan):
    response = anon_client.get(PLAN)
    assert response.status_code == 200
    assert titles(response) == [
        "Joint engagement calendar",
        "Shared training offer",
        "Parish liaison meetings",
    ]
    assert "Secret budget bid" not in html(response)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("commitment=communication", ["Joint engagement calendar"]),
        ("commitment=resources", ["Shared training offer"]),
        ("status=at-risk", ["Parish liaison meetings"]),
        ("lead=cherwell-district-council", ["Shared training offer"]),
        (
            "lead=oxfordshire-association-of-local-councils-oalc",
            ["Joint engagement calendar", "Parish liaison meetings"],
        ),
        ("overdue=on", ["Joint engagement calendar"]),
        ("overdue=yes&status=at-risk", []),
    ],
)
def test_plan_filters(anon_client, plan, query, expected):
    response = anon_client.get(f"{PLAN}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_filtered_plan_empty_state_and_download_links_keep_the_filters(anon_client, plan):
    response = anon_client.get(f"{PLAN}?status=delayed")
    page = html(response)
    assert "No actions match these filters" in page
    assert "/actions/plan.csv?status=delayed" in page
    assert "/actions/plan.json?status=delayed" in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("status=banana", "Choose a status from the list"),
        ("commitment=nope", "Choose a commitment from the list"),
        ("lead=%3Cscript%3E", "Choose a lead organisation from the list"),
        ("overdue=maybe", "To show only overdue actions, tick the box"),
    ],
)
def test_nonsense_filters_get_a_message_not_an_error(anon_client, plan, query, message):
    if not query.startswith("commitment"):
        query += "&commitment=communication"
    response = anon_client.get(f"{PLAN}?{query}")
    assert response.status_code == 200
    page = html(response)
    assert "There is a problem" in page
    assert message in page
    assert "<script>" not in page
    if not query.startswith("commitment"):
        # The filters that make sense still apply.
        assert titles(response) == ["Joint engagement calendar"]


def test_plan_empty_state(anon_client, db):
    response = anon_client.get(PLAN)
    assert "There are no actions on the plan yet" in html(response)


# --- An item's page ---


def test_item_page_shows_the_timeline(anon_client, plan):
    item = plan["risky"]
    ActionUpdateFactory(item=item, text="Venue booked", date=PAST)
    ActionUpdateFactory(item=item, text="Attendance is low", status="delayed")
    response = anon_client.get(item.get_absolute_url())
    assert response.status_code == 200
    page = html(response)
    assert page.index("Attendance is low") < page.index("Venue booked")
    assert "Status changed from At risk to" in page
    assert "Added to the action plan" in page
    assert "Added by" not in page  # officers' names are for the policy team


def test_non_public_item_is_hidden_except_from_the_policy_team(
    anon_client, user_client, clerk_client, policy_client, plan
):
    url = plan["hidden"].get_absolute_url()
    for client in (anon_client, user_client, clerk_client):
        assert client.get(url).status_code == 404
    response = policy_client.get(url)
    assert response.status_code == 200
    assert "not on the public plan" in html(response)


def test_unknown_reference_is_a_404(anon_client, db):
    assert anon_client.get("/actions/A-99/").status_code == 404
    assert anon_client.get("/actions/B-1/").status_code == 404


# --- Downloads ---


def test_csv_download_is_filtered_and_spreadsheet_safe(anon_client, plan):
    ActionItemFactory(title='=HYPERLINK("http://evil")', status="at-risk")
    response = anon_client.get("/actions/plan.csv?status=at-risk")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["title"] for r in rows] == ["Parish liaison meetings", '\'=HYPERLINK("http://evil")']
    assert rows[0]["reference"] == plan["risky"].reference
    assert rows[0]["url"].endswith(plan["risky"].get_absolute_url())
    assert "Secret budget bid" not in body


def test_json_download(anon_client, plan):
    response = anon_client.get("/actions/plan.json?commitment=resources")
    data = json.loads(response.content)
    assert [a["title"] for a in data["actions"]] == ["Shared training offer"]
    assert data["actions"][0]["lead_organisation"] == "Cherwell District Council"
    assert data["actions"][0]["commitment_keys"] == "resources"


def test_download_with_a_nonsense_filter_says_so(anon_client, plan):
    response = anon_client.get("/actions/plan.csv?status=banana")
    assert response.status_code == 400
    assert "Choose a status from the list" in response.content.decode()


# --- The Atom feed ---


def test_feed_has_public_updates_with_markup_escaped(anon_client, plan):
    item = ActionItemFactory(title="<script>alert(1)</script> & more")
    ActionUpdateFactory(item=item, text="<b>bold</b> claim", status="on-track")
    ActionUpdateFactory(item=plan["hidden"], text="Hidden progress")
    response = anon_client.get("/actions/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<script>" not in body and "<b>" not in body
    assert "Hidden progress" not in body
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entry = ET.fromstring(response.content).find("atom:entry", ns)  # noqa: S314 (our own feed)
    assert entry.find("atom:title", ns).text == (
        f"{item.reference}: <script>alert(1)</script> & more (On track)"
    )
    link = entry.find("atom:link", ns).attrib["href"]
    assert link.startswith(settings.SITE_URL + item.get_absolute_url())
    summary = entry.find("atom:summary", ns).text
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in summary  # HTML summary: the text's markup escaped


def test_feed_refuses_post(anon_client, db):
    assert anon_client.post("/actions/feed/").status_code == 405


# --- The commitment page and the policy dashboard ---


def test_commitment_page_lists_its_public_actions(anon_client, plan):
    response = anon_client.get("/charter/commitments/resources/")
    page = html(response)
    assert "Shared training offer" in page
    assert "Secret budget bid" not in page
    assert "Joint engagement calendar" not in page
    assert "?commitment=resources" in page


def test_commitment_page_without_actions(anon_client, charter):
    response = anon_client.get("/charter/commitments/communication/")
    assert "No actions on the" in html(response)


def test_policy_dashboard_counts(policy_client, plan):
    response = policy_client.get("/policy/")
    counts = response.context["action_plan_counts"]
    assert counts["total"] == 4
    assert counts["overdue"] == 1
    assert counts["at_risk"] == 1
    assert reverse("actions:manage") in html(response)


# --- The policy team's pages ---


def _form_data(item=None, **changes):
    data = {
        "title": "Publish a joint engagement calendar",
        "description": "One calendar of consultations.",
        "lead_council": "",
        "lead_partner": "Oxfordshire Association of Local Councils (OALC)",
        "lead_officer_role": "Engagement lead",
        "start_date": "2026-04-01",
        "due_date": "2026-12-31",
        "status": "not-started",
        "is_public": "on",
    }
    if item is not None:
        data |= {
            "title": item.title,
            "description": item.description,
            "lead_partner": item.lead_partner,
            "lead_council": item.lead_council_id or "",
            "lead_officer_role": item.lead_officer_role,
            "start_date": item.start_date.isoformat(),
            "due_date": item.due_date.isoformat(),
            "commitments": [c.pk for c in item.commitments.all()],
            "version": item.version,
        }
    return data | changes


def test_create_redirects_with_a_message(policy_client, charter):
    communication = charter.commitments.get(key="communication")
    response = policy_client.post(
        "/actions/new/", _form_data(commitments=[communication.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == "/actions/manage/"
    assert "Action A-1 added to the plan." in html(response)
    item = ActionItem.objects.get()
    assert list(item.commitments.all()) == [communication]
    assert item.created_by == policy_client.user


def test_create_form_errors_keep_what_was_typed(policy_client, charter):
    council = CouncilFactory()
    response = policy_client.post(
        "/actions/new/",
        _form_data(lead_council=council.pk, due_date="2026-01-01", title="Kept title"),
    )
    assert response.status_code == 200
    page = html(response)
    assert "There is a problem" in page
    assert "Choose a lead council or name a lead partner, not both" in page
    assert "The due date must be the same as or after the start date" in page
    assert 'value="Kept title"' in page
    assert not ActionItem.objects.exists()


def test_edit_conflict_shows_the_changes_and_keeps_the_typing(policy_client, charter):
    item = ActionItemFactory(title="Original title")
    # Another officer saves first.
    values = {
        name: getattr(item, name)
        for name in ("description", "lead_council", "lead_partner", "lead_officer_role")
    }
    action_item_update(
        item=item,
        version=1,
        by=item.created_by,
        title="Their title",
        start_date=item.start_date,
        due_date=item.due_date,
        is_public=True,
        commitments=[],
        aims=[],
        **values,
    )
    response = policy_client.post(
        item.get_absolute_url() + "edit/",
        _form_data(item, title="My title", version=1, description="My description"),
    )
    assert response.status_code == 409
    page = html(response)
    assert "saved this action after you opened it" in page
    assert "Original title" in page and "Their title" in page
    assert 'value="My title"' in page and "My description" in page
    assert 'name="version" value="2"' in page
    item.refresh_from_db()
    assert item.title == "Their title"
    # Saving again, knowingly, keeps the officer's version.
    response = policy_client.post(
        item.get_absolute_url() + "edit/", _form_data(item, title="My title", version=2)
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "My title"


def test_add_update_and_close(policy_client, plan):
    item = plan["risky"]
    response = policy_client.post(
        f"/actions/{item.reference}/updates/new/",
        {"date": TODAY.isoformat(), "text": "Back on track", "status": "on-track"},
        follow=True,
    )
    assert "is now On track" in html(response)
    response = policy_client.post(
        f"/actions/{item.reference}/close/",
        {"outcome": "complete", "note": "Done", "date": TODAY.isoformat()},
        follow=True,
    )
    assert "closed: Complete" in html(response)
    item.refresh_from_db()
    assert item.status == "complete"
    assert [u.status_to for u in item.updates.all()] == ["complete", "on-track"]


def test_update_in_the_future_is_refused_with_a_message(policy_client, plan):
    item = plan["risky"]
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = policy_client.post(
        f"/actions/{item.reference}/updates/new/", {"date": tomorrow, "text": "Kept text"}
    )
    assert response.status_code == 200
    assert "The date cannot be in the future" in html(response)
    assert "Kept text" in html(response)


def test_reorder_buttons(policy_client, plan):
    risky = plan["risky"]
    response = policy_client.post(f"/actions/{risky.reference}/move/", {"direction": "up"})
    assert response.status_code == 302
    order = list(ActionItem.objects.values_list("title", flat=True))
    assert order.index("Parish liaison meetings") < order.index("Shared training offer")
    bad = policy_client.post(f"/actions/{risky.reference}/move/", {"direction": "sideways"})
    assert bad.status_code == 302


def test_history_page_shows_who_changed_what(policy_client, plan):
    item = plan["overdue"]
    policy_client.post(item.get_absolute_url() + "edit/", _form_data(item, title="Renamed"))
    response = policy_client.get(f"/actions/{item.reference}/history/")
    page = html(response)
    assert "Joint engagement calendar" in page and "Renamed" in page
    assert escape(policy_client.user.full_name) in page  # names may hold an apostrophe


# --- Queries per page do not grow with the data ---


def _make(n, charter, by):
    commitments = list(charter.commitments.all()[:2])
    aims = list(charter.aims.all())
    for i in range(n):
        council = CouncilFactory() if i % 2 else None
        item = ActionItemFactory(lead_council=council, commitments=commitments, aims=aims, by=by)
        ActionUpdateFactory(item=item, status="on-track", by=by)


def _get(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "client_name, url",
    [
        ("anon_client", "/actions/"),
        ("anon_client", "/actions/?status=on-track&overdue=on&commitment=communication"),
        ("anon_client", "/actions/A-1/"),
        ("policy_client", "/actions/manage/"),
        ("anon_client", "/actions/plan.csv"),
        ("anon_client", "/actions/plan.json"),
        ("anon_client", "/actions/feed/"),
        ("anon_client", "/charter/commitments/communication/"),
        ("policy_client", "/actions/A-1/history/"),
    ],
)
def test_queries_do_not_grow_with_the_plan(
    request, charter, client_name, url, django_assert_num_queries
):
    client = request.getfixturevalue(client_name)
    by = PolicyOfficerFactory()
    _make(3, charter, by)
    _get(client, url)  # once first: caches (the site, the session) fill
    with CaptureQueriesContext(connection) as small:
        _get(client, url)
    _make(27, charter, by)
    first = ActionItem.objects.get(reference="A-1")
    for status in ["at-risk", "delayed", "on-track", "at-risk", "delayed"]:
        ActionUpdateFactory(item=first, status=status, by=by)
    with django_assert_num_queries(len(small)):
        _get(client, url)


@pytest.mark.parametrize("address", ["/actions/manage/", "/actions/new/"])
def test_the_policy_team_s_action_pages_sit_under_its_dashboard(policy_client, charter, address):
    trail = policy_client.get(address).context["breadcrumbs"]
    assert trail[:3] == [
        ("Home", "/"),
        ("Policy team", "/policy/"),
        ("Manage the action plan", trail[2][1]),
    ]
