"""Progress pages: who may see each, what they show, bad input, downloads, queries per page."""

import csv
import io
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import ProgressReport, ReportingPeriod

from ..factories import (
    CouncilFactory,
    CouncilRoleFactory,
    DistrictFactory,
    UserFactory,
    progress_report,
    signatory,
)
from ..helpers import POLICY_TEAM_ONLY, assert_get_statuses

pytestmark = pytest.mark.django_db

NOW = ReportingPeriod.current()
BEFORE = NOW.previous()


@pytest.fixture
def signed(council, charter):
    return signatory(council, charter)


def _html(response):
    return response.content.decode()


def _tasks(council):
    return f"/councils/{council.slug}/progress/"


def _form(council, key="communication"):
    return f"/councils/{council.slug}/progress/{key}/"


# --- Who may see what ------------------------------------------------------------------------


def test_clerk_pages_are_for_the_councils_clerks_only(
    signed, other_council, anon_client, user_client, clerk_client, other_clerk_client, policy_client
):
    for url in (_tasks(signed), _form(signed)):
        assert anon_client.get(url).status_code == 302
        assert user_client.get(url).status_code == 404
        assert other_clerk_client.get(url).status_code == 404
        assert policy_client.get(url).status_code == 404
        assert clerk_client.get(url).status_code == 200
    # A clerk of A cannot reach B by changing the address, nor post to it.
    assert clerk_client.get(_tasks(other_council)).status_code == 404
    assert clerk_client.post(_form(other_council), {"status": "planned"}).status_code == 404
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/councils/policy/progress/",
        "/councils/policy/progress/upload/",
    ],
)
def test_policy_pages_are_for_the_policy_team(request, charter, url):
    assert_get_statuses(request, url, POLICY_TEAM_ONLY)


def test_reminders_are_sent_by_post_by_the_policy_team_only(
    charter, anon_client, clerk_client, policy_client
):
    url = "/councils/policy/progress/reminders/"
    assert anon_client.post(url).status_code == 302
    assert clerk_client.post(url).status_code == 403
    assert policy_client.get(url).status_code == 405


@pytest.mark.parametrize(
    "url",
    ["/councils/progress/", "/councils/progress/reports.csv", "/councils/progress/reports.json"],
)
def test_overview_and_downloads_are_public(charter, anon_client, url):
    assert anon_client.get(url).status_code == 200


# --- The clerk's task list and report form ---------------------------------------------------


def test_a_council_that_has_not_signed_is_told_so(council, clerk_client, charter):
    response = clerk_client.get(_tasks(council))
    assert "has not signed the charter" in _html(response)
    assert "govuk-task-list" not in _html(response)
    # The form sends the clerk back to the task list.
    response = clerk_client.get(_form(council))
    assert response.status_code == 302 and response.url == _tasks(council)


def test_the_task_list_shows_which_commitments_have_a_report_this_quarter(
    signed, clerk_client, charter
):
    progress_report(signed, charter.commitments.get(key="communication"))
    progress_report(
        signed, charter.commitments.get(key="resources"), period=BEFORE, status="planned"
    )
    html = _html(clerk_client.get(_tasks(signed)))
    assert f"Report progress for {NOW}" in html
    assert "You have reported on 1 of 4 commitments this quarter." in html
    # This quarter and the one before it, still open for reports: four commitments each.
    assert html.count("govuk-task-list__item govuk-task-list__item--with-link") == 8
    assert html.count("Not reported yet") == 3 + 3
    assert f"Last reported in {BEFORE}: planned" in html
    for commitment in charter.commitments.all():
        assert f'href="{_form(signed, commitment.key)}"' in html


def test_a_clerk_reports_then_corrects_this_quarters_report(signed, clerk_client, charter):
    data = {
        "status": "in-progress",
        "what_we_did": "A newsletter to every household.",
        "evidence_links": "https://example.org/news\r\n\r\nhttps://example.org/minutes",
        "not_applicable_reason": "",
    }
    response = clerk_client.post(_form(signed), data, follow=True)
    assert response.redirect_chain[-1][0] == _tasks(signed)
    assert f"Saved the report on Communication for {NOW}" in _html(response)
    report = ProgressReport.objects.get()
    assert report.evidence_links == ["https://example.org/news", "https://example.org/minutes"]
    assert report.reported_by == clerk_client.user

    # The form now shows the report, to correct it.
    html = _html(clerk_client.get(_form(signed)))
    assert "Save the correction" in html and "https://example.org/minutes" in html
    data["status"] = "embedded"
    response = clerk_client.post(_form(signed), data, follow=True)
    assert "Corrected the report on Communication" in _html(response)
    assert ProgressReport.objects.get().status == "embedded"
    assert ProgressReport.history.count() == 2


def test_the_form_starts_from_the_last_quarters_report(signed, clerk_client, charter):
    progress_report(
        signed, charter.commitments.get(key="communication"), period=BEFORE, what_we_did="Old."
    )
    html = _html(clerk_client.get(_form(signed)))
    assert f"We have filled in your report for {BEFORE}" in html
    assert "Old.</textarea>" in html


@pytest.mark.parametrize(
    "data, field_id, message",
    [
        ({}, "id_status_0", "Choose how far the council has got"),
        ({"status": "nonsense"}, "id_status_0", "Select a valid choice"),
        (
            {"status": "not-applicable"},
            "id_not_applicable_reason",
            "Say why this commitment does not apply",
        ),
        ({"status": "embedded", "what_we_did": ""}, "id_what_we_did", "Say what the council did"),
        (
            {"status": "planned", "evidence_links": "www.example.org\njavascript:alert(1)"},
            "id_evidence_links",
            "is not a web address",
        ),
        (
            {"status": "planned", "what_we_did": "x" * 5001},
            "id_what_we_did",
            "What the council did must be 5,000 characters or fewer: you have 1 character too many",
        ),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_lost(
    signed, clerk_client, charter, data, field_id, message
):
    data = {"what_we_did": "Typed text", **data}
    response = clerk_client.post(_form(signed), data)
    assert response.status_code == 200
    html = _html(response)
    assert "There is a problem" in html
    assert f'href="#{field_id}"' in html
    assert message in html
    assert data["what_we_did"][:20] in html
    if "evidence_links" in data:
        assert "www.example.org" in html
    assert not ProgressReport.objects.exists()


def test_an_unknown_commitment_is_not_found(signed, clerk_client, charter):
    assert clerk_client.get(_form(signed, "no-such-commitment")).status_code == 404


def test_a_clerk_of_three_councils_reports_for_each(charter, client):
    councils = [signatory(CouncilFactory(), charter) for _ in range(3)]
    role = CouncilRoleFactory(council=councils[0])
    for council in councils[1:]:
        CouncilRoleFactory(council=council, user=role.user)
    client.force_login(role.user)
    for council in councils:
        response = client.post(_form(council, "resources"), {"status": "planned"})
        assert response.status_code == 302
    assert ProgressReport.objects.filter(commitment__key="resources").count() == 3


# --- Public pages ------------------------------------------------------------------------------


def test_the_council_page_shows_the_latest_status_and_earlier_reports(signed, anon_client, charter):
    communication = charter.commitments.get(key="communication")
    progress_report(
        signed, communication, period=BEFORE, status="planned", what_we_did="Planned it."
    )
    progress_report(
        signed,
        communication,
        status="embedded",
        what_we_did="Done & dusted.",
        evidence_links=["https://example.org/e"],
    )
    html = _html(anon_client.get(signed.get_absolute_url()))
    assert "Progress against the commitments" in html
    assert f"Embedded</strong> in {NOW}" in html
    assert "Done &amp; dusted." in html and 'href="https://example.org/e"' in html
    assert "Earlier reports on Communication (1)" in html
    assert f"{BEFORE}: Planned" in html


def test_the_council_page_says_when_nothing_is_reported(signed, anon_client):
    assert "has not reported progress yet" in _html(anon_client.get(signed.get_absolute_url()))


def test_the_commitment_page_shows_the_spread_and_examples(anon_client, charter):
    communication = charter.commitments.get(key="communication")
    embedded = [signatory(CouncilFactory(), charter) for _ in range(2)]
    for council in embedded:
        progress_report(
            council, communication, status="embedded", what_we_did=f"{council.name} did it."
        )
    in_progress = signatory(CouncilFactory(), charter)
    progress_report(in_progress, communication, period=BEFORE, status="planned")
    progress_report(in_progress, communication, status="in-progress", what_we_did="Getting there.")
    signatory(CouncilFactory(), charter)  # no report yet
    unsigned = CouncilFactory()
    progress_report(unsigned, communication, status="embedded", what_we_did="Not a signatory.")

    html = _html(anon_client.get("/charter/commitments/communication/"))
    assert "How far the signatories have got" in html
    assert "each of the 4 signatories" in html
    assert '<th scope="row" class="govuk-table__header">Embedded</th>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in html
    assert "portal-bar--50" in html and "portal-bar--25" in html
    assert "Getting there." in html and f"{embedded[0].name} did it." in html
    assert "Not a signatory." not in html


def test_the_overview_draws_districts_against_commitments(anon_client, charter):
    cherwell, oxford = DistrictFactory(name="Cherwell"), DistrictFactory(name="Oxford")
    communication = charter.commitments.get(key="communication")
    councils = [signatory(CouncilFactory(district=cherwell), charter) for _ in range(4)]
    progress_report(councils[0], communication, status="embedded")
    progress_report(councils[1], communication, status="in-progress")
    progress_report(councils[2], communication, status="planned")
    signatory(CouncilFactory(district=oxford), charter)

    html = _html(anon_client.get("/councils/progress/"))
    assert "<caption" in html and '<th scope="row"' in html and '<th scope="col"' in html
    assert 'Cherwell<br><span class="govuk-body-s">4 signatories' in html
    assert "portal-bar--50" in html and "(2 of 4)" in html
    assert "(0 of 1)" in html
    # The previous period: nothing had been reported yet.
    html = _html(anon_client.get("/councils/progress/", {"period": BEFORE.label}))
    assert f"{BEFORE} (" in html and "(2 of 4)" not in html


@pytest.mark.parametrize("period", ["nonsense", "2026/27 Q9", "1999/00 Q1", "<script>"])
def test_a_nonsense_period_gives_a_clear_message(anon_client, charter, period):
    response = anon_client.get("/councils/progress/", {"period": period})
    assert response.status_code == 200
    html = _html(response)
    assert "Choose a reporting period from the list" in html
    assert "<script>" not in html.split("<main", 1)[1]


# --- Downloads ---------------------------------------------------------------------------------


def _download_data(charter):
    communication = charter.commitments.get(key="communication")
    cherwell = DistrictFactory(name="Cherwell")
    a = signatory(CouncilFactory(name="Adderley", district=cherwell), charter)
    b = signatory(CouncilFactory(name="Banbury"), charter)
    progress_report(
        a, communication, what_we_did="=HYPERLINK(evil)", reported_by__email="c@example.org"
    )
    progress_report(a, communication, period=BEFORE, status="planned")
    progress_report(b, charter.commitments.get(key="resources"), status="embedded")
    return a, b


def test_csv_download_with_filters_and_no_personal_data(anon_client, charter):
    a, _ = _download_data(charter)
    response = anon_client.get("/councils/progress/reports.csv")
    assert response["Content-Disposition"] == 'attachment; filename="progress-reports.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert "c@example.org" not in text
    first = next(r for r in rows if r["council"] == a.slug and r["period"] == NOW.label)
    assert first["what_we_did"] == "'=HYPERLINK(evil)"
    assert first["gss_code"] == a.gss_codes[0] and first["district"] == "Cherwell"
    assert first["evidence_links"] == "https://example.org/newsletter"

    response = anon_client.get(
        "/councils/progress/reports.csv",
        {"period": NOW.label, "district": "cherwell", "commitment": "communication"},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(text)))) == 1


def test_json_download(anon_client, charter):
    _download_data(charter)
    response = anon_client.get("/councils/progress/reports.json", {"commitment": "resources"})
    data = json.loads(response.content)["progress_reports"]
    assert [(r["council_name"], r["status"]) for r in data] == [("Banbury", "embedded")]
    assert "reported_by" not in data[0] and "email" not in response.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"period": "soon"}, "Choose a reporting period from the list"),
        ({"district": "atlantis"}, "Choose a district from the list"),
        ({"commitment": "world-peace"}, "Choose a commitment from the list"),
    ],
)
def test_download_with_bad_filters_explains(anon_client, charter, params, message):
    response = anon_client.get("/councils/progress/reports.json", params)
    assert response.status_code == 400
    assert message in _html(response) and "There is a problem" in _html(response)


def test_a_download_reimports_unchanged(anon_client, policy_client, charter):
    a, _ = _download_data(charter)
    text = b"".join(
        anon_client.get("/councils/progress/reports.csv", {"period": NOW.label}).streaming_content
    ).decode("utf-8-sig")
    upload = SimpleUploadedFile("p.csv", text.encode(), content_type="text/csv")
    response = policy_client.post("/councils/policy/progress/upload/", {"file": upload})
    assert response.status_code == 302
    assert ProgressReport.objects.count() == 3


def test_a_report_beginning_with_a_dash_survives_a_download_and_upload(
    anon_client, policy_client, charter
):
    """Today it came back with the formula guard's apostrophe, shown on the public page."""
    council = signatory(CouncilFactory(name="Adderley"), charter)
    text = "- Leaflets to every household\n- A stall at the fete"
    report = progress_report(
        council,
        charter.commitments.get(key="communication"),
        status="in-progress",
        what_we_did=text,
        evidence_links=[],
    )
    csv_text = b"".join(
        anon_client.get("/councils/progress/reports.csv", {"period": NOW.label}).streaming_content
    ).decode("utf-8-sig")
    assert "'- Leaflets" in csv_text  # the guard is there in the download
    updated_at, history = report.updated_at, report.history.count()
    response = _upload(policy_client, csv_text)
    assert "Uploaded 1 progress report: 0 new, 0 corrected, 1 unchanged." in _html(response)
    report.refresh_from_db()
    assert report.what_we_did == text
    # Nothing changed: not its "last updated", not its history.
    assert (report.updated_at, report.history.count()) == (updated_at, history)
    assert "&#x27;- Leaflets" not in _html(anon_client.get(council.get_absolute_url()))


# --- The policy team -------------------------------------------------------------------------


def test_policy_page_lists_signatories_that_have_not_reported(policy_client, charter):
    done = signatory(CouncilFactory(name="Done Parish Council"), charter)
    for commitment in charter.commitments.all():
        progress_report(done, commitment)
    partly = signatory(CouncilFactory(name="Partly Parish Council"), charter)
    progress_report(partly, charter.commitments.get(key="communication"))
    CouncilFactory(name="Unsigned Parish Council")
    html = _html(policy_client.get("/councils/policy/progress/"))
    assert "Partly Parish Council" in html and "1 of 4" in html
    assert "Done Parish Council" not in html and "Unsigned Parish Council" not in html
    assert "Send a reminder to 1 council" in html


def test_policy_page_when_everyone_has_reported(policy_client, charter):
    assert "Every signatory has reported" in _html(policy_client.get("/councils/policy/progress/"))


def test_sending_reminders(policy_client, charter, django_capture_on_commit_callbacks):
    council = signatory(CouncilFactory(contact_email="office@example.org"), charter)
    with django_capture_on_commit_callbacks(execute=True):
        response = policy_client.post("/councils/policy/progress/reminders/", follow=True)
    assert f"Reminders for {NOW} are being sent to 1 council." in _html(response)
    assert [m.to for m in mail.outbox] == [["office@example.org"]]
    assert council.name in mail.outbox[0].subject


def test_the_policy_dashboard_has_a_progress_section(policy_client, charter):
    signatory(CouncilFactory(), charter)
    html = _html(policy_client.get("/policy/"))
    assert '<h2 class="govuk-heading-m">Progress</h2>' in html
    assert f"1 signatory has not reported on every commitment for {NOW}" in html


def _upload(client, text, name="reports.csv"):
    upload = SimpleUploadedFile(name, text if isinstance(text, bytes) else text.encode())
    return client.post("/councils/policy/progress/upload/", {"file": upload}, follow=True)


def test_upload_saves_every_row(policy_client, signed, charter):
    text = (
        "council,commitment,period,status,what_we_did\n"
        f"{signed.slug},communication,{NOW},planned,A plan.\n"
        f"{signed.slug},resources,{NOW},in progress,Budget set.\n"
    )
    html = _html(_upload(policy_client, text))
    assert "Uploaded 2 progress reports: 2 new, 0 corrected, 0 unchanged." in html
    assert ProgressReport.objects.filter(reported_by=policy_client.user).count() == 2


def test_upload_with_errors_lists_them_by_line_and_saves_nothing(policy_client, signed, charter):
    text = (
        "council,commitment,period,status,what_we_did\n"
        f"{signed.slug},communication,{NOW},planned,A plan.\n"
        f"{signed.slug},resources,{NOW},finished,\n"
    )
    response = _upload(policy_client, text)
    html = _html(response)
    assert "There is a problem" in html and 'href="#id_file"' in html
    assert "line 3, status: “finished” is not one of" in html
    assert "Nothing was saved" in html
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "Choose a CSV file to upload"),
        (b"\xff\xfe\x00bad", "saved as UTF-8"),
        (b"", "The submitted file is empty"),
    ],
)
def test_upload_of_a_bad_file(policy_client, charter, content, message):
    if content is None:
        response = policy_client.post("/councils/policy/progress/upload/", {})
    else:
        response = _upload(policy_client, content)
    assert response.status_code == 200
    assert message in _html(response)


# --- Queries per page do not grow with the data ----------------------------------------------


def _populate(charter, councils: int):
    """Signatories in three districts, each with reports on every commitment in two periods."""
    districts = [DistrictFactory(name=f"District {n}") for n in range(3)]
    clerk = UserFactory()
    made = []
    for n in range(councils):
        council = signatory(CouncilFactory(district=districts[n % 3]), charter)
        for commitment in charter.commitments.all():
            progress_report(council, commitment, period=BEFORE, status="planned", reported_by=clerk)
            if n % 2:
                progress_report(council, commitment, status="embedded", reported_by=clerk)
        made.append(council)
    return made


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/councils/progress/",
        "/councils/progress/?period={before}",
        "/councils/progress/reports.csv",
        "/councils/progress/reports.json",
        "/charter/commitments/communication/",
        "/councils/policy/progress/",
        "/policy/",
        "{council}",
    ],
)
def test_queries_per_page_do_not_grow(
    charter, anon_client, policy_client, django_assert_num_queries, url
):
    client = policy_client if "policy" in url else anon_client
    small = _populate(charter, 3)
    url = url.format(before=BEFORE.label, council=small[1].get_absolute_url())
    if url.endswith(".csv"):
        # Streaming: count the queries while the body is read.
        def read(u):
            b"".join(client.get(u).streaming_content)

        with CaptureQueriesContext(connection) as queries:
            read(url)
        expected = len(queries)
        _populate(charter, 20)
        with django_assert_num_queries(expected):
            read(url)
        return
    expected = _count(client, url)
    more = _populate(charter, 20)
    if url == small[1].get_absolute_url():
        for commitment in charter.commitments.all():
            progress_report(small[1], commitment, period=BEFORE.previous(), status="not-started")
        url = more[1].get_absolute_url()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_clerk_pages_queries_do_not_grow(charter, django_assert_num_queries, client):
    small = _populate(charter, 3)[1]
    role = CouncilRoleFactory(council=small)
    client.force_login(role.user)
    counts = [_count(client, _tasks(small)), _count(client, _form(small))]
    big = _populate(charter, 20)[1]
    CouncilRoleFactory(council=big, user=role.user)
    for url, expected in zip((_tasks(big), _form(big)), counts, strict=True):
        with django_assert_num_queries(expected):
            client.get(url)


def test_a_council_s_progress_pages_sit_under_signatories_as_its_other_pages_do(
    signed, clerk_client, council
):
    head = [
        ("Home", "/"),
        ("Signatories", "/councils/"),
        (council.name, council.get_absolute_url()),
    ]
    tasks = clerk_client.get(_tasks(council))
    assert tasks.context["breadcrumbs"] == [*head, ("Progress", None)]
    form = clerk_client.get(_form(council))
    assert form.context["breadcrumbs"][:4] == [*head, ("Progress", _tasks(council))]
    pack = clerk_client.get(f"/councils/{council.slug}/meeting-pack/")
    assert pack.context["breadcrumbs"] == [*head, ("Meeting pack", None)]
