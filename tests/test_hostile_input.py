"""Bad input, sent by hypothesis to every form and every filter: never a server error, never
markup shown unescaped, always a clear message.

Each form gets payloads built from a valid one: every field valid, hostile (very long, control
characters and NUL, HTML and script, SQL, formulas, template syntax), of the wrong type (several
values for one field) or missing. A refused form shows the GOV.UK error summary; an accepted one
redirects, and the pages that show what was saved show it escaped. Each example runs in a
savepoint rolled back afterwards.

Every filter (the directory, the action plan, the progress overview, and every download) gets
random query strings: the answer is a page or a 400 that says what is wrong, never a 500.

Then a council, an action and a progress report whose texts hold markup and formulas are shown
on every public page, download and feed of every app (found from the URL configuration): HTML
escapes them, CSV cells cannot be read as formulas, JSON and Atom carry them intact.
"""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from types import SimpleNamespace

import docx
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.models import CharterVersion
from commitments.services import charter_version_draft
from councils.models import CouncilRole, ReportingPeriod
from councils.services.progress import progress_report_save
from councils.services.signing import signature_record
from tests import permission_rules as rules
from tests.factories import (
    ActionItemFactory,
    ActionUpdateFactory,
    CouncilFactory,
    CouncilRoleFactory,
    PolicyOfficerFactory,
    UserFactory,
    signatory,
)

pytestmark = pytest.mark.django_db
ModelBackend = "django.contrib.auth.backends.ModelBackend"

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://x")'
MARKUP = [SCRIPT, "<img src=x onerror=alert(1)>"]
HOSTILE = [
    SCRIPT,
    IMG,
    "'; DROP TABLE councils_council; --",
    "' OR '1'='1",
    FORMULA,
    "+1",
    "@SUM(A1)",
    "\x00",
    "nul\x00byte",
    "\u202egnp.exe",
    "\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🏛",
    "{{ 7*7 }}",
    "{% debug %}",
    "${jndi:ldap://x/a}",
    "../../../etc/passwd",
    "%00",
    "%s%s%n",
    "\r\n\r\nSet-Cookie: x=1",
    "javascript:alert(1)",
    "https://example.org/<script>",
    "0",
    "-1",
    "99999999999999999999",
    "1e400",
    "NaN",
    "2026-02-30",
    "31/12/2026",
    "",
    " ",
]
MISSING = object()

text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),  # any Unicode, control characters included
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), max_size=10),
    st.builds(  # very long
        lambda piece, n: piece * n,
        st.sampled_from(["x", "é", "<b>", "\x00", "'"]),
        st.integers(2_000, 12_000),
    ),
)
# A value: one string, or several for one field (a wrong type for most fields).
value = st.one_of(text, st.lists(text, min_size=2, max_size=3))

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def payloads(valid: dict):
    """Payloads built from a valid one: each field valid, hostile, several values or missing."""

    def one(name):
        return st.one_of(st.just(valid[name]), value, st.just(MISSING))

    return st.fixed_dictionaries({name: one(name) for name in valid}).map(
        lambda data: {k: v for k, v in data.items() if v is not MISSING}
    )


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def assert_no_raw_markup(response, where=""):
    if "html" not in response.get("Content-Type", ""):
        return
    text = body_of(response)
    for markup in MARKUP:
        assert markup not in text, f"{where}: {markup} shown unescaped"


# --- The data --------------------------------------------------------------------------------


@pytest.fixture
def world(charter):
    """Council A, not yet signed (its clerk signs); council S, signed (its clerk withdraws and
    reports progress); an action item; a draft version; a clerk's pending request."""
    w = SimpleNamespace(charter=charter)
    w.commitment = charter.commitments.order_by("order").first()
    w.council = CouncilFactory(name="Adderbury Parish Council")
    w.signed = signatory(CouncilFactory(name="Souldern Parish Council"), charter)
    clerk = CouncilRoleFactory(council=w.council).user
    CouncilRoleFactory(council=w.signed, user=clerk)
    w.clerk = clerk
    w.officer = PolicyOfficerFactory()
    w.pending = CouncilRoleFactory(
        council=w.signed, status=CouncilRole.Status.PENDING, decided_at=None
    )
    w.removable = CouncilRoleFactory(council=w.council)
    w.item = ActionItemFactory(title="Public action", by=w.officer)
    w.draft = charter_version_draft(source=charter)
    # The partnerships register.
    from tests.factories import MeetingSeriesFactory, PartnershipFactory

    w.council_a = w.council
    w.partnership = PartnershipFactory(name="Cherwell Community Safety Partnership", by=w.officer)
    w.series = MeetingSeriesFactory()
    # A consultation on the draft, open.
    from consultations.services import consultation_open

    w.consultation = consultation_open(
        version=w.draft,
        title="Consultation on the draft",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    w.users = {"user": UserFactory(), "clerk": clerk, "policy": w.officer}
    w.clients = {role: Client() for role in ("anon", *w.users)}
    for role, user in w.users.items():
        w.clients[role].force_login(user, ModelBackend)
    return w


@dataclass
class FormCase:
    name: str
    url: object  # callable(world) -> str
    role: str
    valid: object  # callable(world) -> dict
    shows: object = field(default=lambda w: [])  # callable(world) -> pages showing the data
    file_field: str = ""  # a field sent as an uploaded file


def _response_fields(w) -> dict:
    data = {"send": "1"}
    for question in w.consultation.questions.all():
        data[f"q{question.pk}-choice"] = "partly"
        data[f"q{question.pk}-comment"] = "Clearer words, please."
    return data


FORMS = [
    FormCase(
        "consultation response",
        lambda w: reverse(
            "consultations:respond",
            kwargs={"consultation": w.consultation.slug, "slug": w.council.slug},
        ),
        "clerk",
        _response_fields,
        lambda w: [w.consultation.get_absolute_url()],
    ),
    FormCase(
        "consultation theme",
        lambda w: reverse(
            "consultations:theme-create", kwargs={"consultation": w.consultation.slug}
        ),
        "policy",
        lambda w: {
            "you_said": "Plainer words.",
            "we_did": "We rewrote it.",
            "changed_sections": "aims",
        },
        lambda w: [w.consultation.get_absolute_url()],
    ),
    FormCase(
        "clerk request",
        lambda w: reverse("councils:role-request"),
        "user",
        lambda w: {"council": str(w.council.pk), "role": "clerk", "how_to_check": "Minute 12"},
        lambda w: [reverse("councils:my-councils"), reverse("councils:policy-clerks")],
    ),
    FormCase(
        "signing",
        lambda w: reverse("councils:sign", args=[w.council.slug]),
        "clerk",
        rules.signature_fields,
        lambda w: [reverse("councils:sign-check", args=[w.council.slug])],
    ),
    FormCase(
        "withdrawal",
        lambda w: reverse("councils:signature-withdraw", args=[w.signed.slug]),
        "clerk",
        lambda w: {"withdrawn_on": rules.today(), "reason": "The council resolved to withdraw."},
        lambda w: [w.signed.get_absolute_url()],
    ),
    FormCase(
        "progress report",
        lambda w: reverse("councils:progress-report", args=[w.signed.slug, w.commitment.key]),
        "clerk",
        lambda w: {
            "status": "in-progress",
            "what_we_did": "A newsletter",
            "evidence_links": "https://example.org/news",
            "not_applicable_reason": "",
        },
        lambda w: [w.signed.get_absolute_url(), f"/charter/commitments/{w.commitment.key}/"],
    ),
    FormCase(
        "action item create",
        lambda w: reverse("actions:create"),
        "policy",
        rules.action_fields,
        lambda w: [reverse("actions:plan"), reverse("actions:manage")],
    ),
    FormCase(
        "action item edit",
        lambda w: reverse("actions:edit", args=[w.item.reference]),
        "policy",
        rules.with_version(rules.action_fields, "item"),
        lambda w: [w.item.get_absolute_url(), reverse("actions:history", args=[w.item.reference])],
    ),
    FormCase(
        "action update",
        lambda w: reverse("actions:update-create", args=[w.item.reference]),
        "policy",
        lambda w: {"date": rules.today(), "text": "The group met", "status": "at-risk"},
        lambda w: [w.item.get_absolute_url()],
    ),
    FormCase(
        "action close",
        lambda w: reverse("actions:close", args=[w.item.reference]),
        "policy",
        lambda w: {"outcome": "complete", "note": "Done", "date": rules.today()},
        lambda w: [w.item.get_absolute_url()],
    ),
    FormCase(
        "council correction",
        lambda w: reverse("councils:correct", args=[w.council.slug]),
        "policy",
        lambda w: {
            "name": "Adderbury Parish Council",
            "kind": "parish",
            "kind_confirmed": "on",
            "district": str(w.council.district_id),
            "website": "https://adderbury.example.org/",
            "contact_email": "clerk@adderbury.example.org",
            "started_on": "",
            "ended_on": "",
            "replaced_by": "",
        },
        lambda w: [w.council.get_absolute_url(), reverse("councils:directory")],
    ),
    FormCase(
        "charter section edit",
        lambda w: reverse(
            "policy-charter-section", args=[w.draft.number, "commitments", w.commitment.key]
        ),
        "policy",
        lambda w: {"title": "Listen first", "statements": "One\nTwo"},
        lambda w: [reverse("policy-charter-draft", args=[w.draft.number])],
    ),
    FormCase(
        "charter draft",
        lambda w: reverse("policy-charter-draft", args=[w.draft.number]),
        "policy",
        lambda w: {"title": "Version 2", "introduction": "Intro", "summary_of_changes": "Less"},
        lambda w: [reverse("policy-charter-versions")],
    ),
    FormCase(
        "invitations",
        lambda w: reverse("councils:policy-invitations"),
        "policy",
        lambda w: {"who": "kind", "district": "", "kind": "parish"},
    ),
    FormCase(
        "paper signature",
        lambda w: reverse("councils:policy-signature-paper"),
        "policy",
        lambda w: {"council": str(w.council.pk), **rules.signature_fields(w)},
        lambda w: [w.council.get_absolute_url(), reverse("councils:signatories-feed")],
    ),
    FormCase(
        "clerk decision",
        lambda w: reverse("councils:policy-clerk-decide", args=[w.pending.pk]),
        "policy",
        lambda w: {"decision": "reject", "reason": "Not known to the council"},
        lambda w: [reverse("councils:policy-clerks")],
    ),
    FormCase(
        "clerk removal",
        lambda w: reverse("councils:council-clerk-remove", args=[w.council.slug, w.removable.pk]),
        "clerk",
        lambda w: {"reason": "Left the council"},
        lambda w: [reverse("councils:council-clerks", args=[w.council.slug])],
    ),
    FormCase(
        "progress upload",
        lambda w: reverse("councils:policy-progress-upload"),
        "policy",
        lambda w: {
            "file": (
                "council,commitment,period,status,what_we_did,evidence_links,"
                f"not_applicable_reason\n{w.signed.slug},{w.commitment.key},"
                f"{ReportingPeriod.current().label},embedded,Did it,,\n"
            )
        },
        file_field="file",
    ),
    FormCase(
        "sign-up",
        lambda w: reverse("account_signup"),
        "anon",
        lambda w: {
            "full_name": "Ada Lovelace",
            "email": "ada@example.org",
            "password1": rules.PASSWORD,
            "password2": rules.PASSWORD,
        },
    ),
    FormCase(
        "log-in",
        lambda w: reverse("account_login"),
        "anon",
        lambda w: {"login": w.clerk.email, "password": rules.PASSWORD},
    ),
    FormCase(
        "close account",
        lambda w: reverse("accounts:close"),
        "user",
        lambda w: {"password": rules.PASSWORD, "confirm": "on"},
    ),
]

FORMS += [
    FormCase(
        "partnership create",
        lambda w: reverse("partnerships:create"),
        "policy",
        rules.partnership_fields,
        lambda w: [reverse("partnerships:list"), reverse("partnerships:manage")],
    ),
    FormCase(
        "partnership edit",
        lambda w: reverse("partnerships:edit", args=[w.partnership.slug]),
        "policy",
        rules.with_version(rules.partnership_fields, "partnership"),
        lambda w: [
            w.partnership.get_absolute_url(),
            reverse("partnerships:history", args=[w.partnership.slug]),
        ],
    ),
    FormCase(
        "partnership review",
        lambda w: reverse("partnerships:review", args=[w.partnership.slug]),
        "policy",
        lambda w: {
            "reviewed_on": rules.today(),
            "purpose_confirmed": "no",
            "membership_confirmed": "yes",
            "governance_confirmed": "yes",
            "notes": "A new purpose",
            "next_due_on": "2099-01-01",
        },
        lambda w: [w.partnership.get_absolute_url()],
    ),
    FormCase(
        "partnership risk",
        lambda w: reverse("partnerships:risk-create", args=[w.partnership.slug]),
        "policy",
        rules.risk_fields,
        lambda w: [w.partnership.get_absolute_url()],
    ),
    FormCase(
        "meeting",
        lambda w: reverse("partnerships:meeting-create"),
        "policy",
        rules.meeting_fields,
        lambda w: [reverse("partnerships:meetings"), w.series.get_absolute_url()],
    ),
    FormCase(
        "scrutiny review",
        lambda w: reverse("partnerships:scrutiny-create"),
        "policy",
        rules.scrutiny_fields,
        lambda w: [reverse("partnerships:scrutiny"), w.partnership.get_absolute_url()],
    ),
    # The toolkit: Markdown typed with markup is stored as sanitised HTML and shown escaped.
    FormCase(
        "toolkit resource",
        lambda w: reverse("toolkit:create"),
        "policy",
        rules.resource_fields,
        lambda w: [reverse("toolkit:list"), w.commitment.get_absolute_url()],
    ),
    FormCase(
        "county service",
        lambda w: reverse("toolkit:service-create"),
        "policy",
        rules.service_fields,
        lambda w: [reverse("toolkit:services")],
    ),
]

# What a form may answer: saved (302), refused with its errors (200), an edit conflict (409),
# too many attempts at the log-in (429).
FORM_STATUSES = {200, 302, 409, 429}


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("upload.csv", text.encode("utf-8"), content_type="text/csv")


def _post(client, url, data, file_field):
    if file_field and file_field in data:
        sent = data[file_field]
        files = [_upload(v) for v in sent] if isinstance(sent, list) else _upload(sent)
        data = {**data, file_field: files}
    return client.post(url, data)


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.name)
def test_every_form_answers_hostile_input_with_a_clear_message(world, case):
    url = case.url(world)
    client = world.clients[case.role]
    assert client.get(url).status_code == 200, f"{url} does not open for {case.role}"

    @EXAMPLES
    @given(data=payloads(case.valid(world)))
    def check(data):
        cache.clear()  # rate limits
        # Signed in afresh (or signed out) outside the savepoint: a log-in, a log-out or a
        # closed account in one example does not carry over to the next.
        if case.role == "anon":
            client.cookies.clear()
        else:
            client.force_login(world.users[case.role], ModelBackend)
        with transaction.atomic():
            response = _post(client, url, data, case.file_field)
            assert response.status_code in FORM_STATUSES, (response.status_code, data)
            assert_no_raw_markup(response, url)
            if response.status_code in (200, 409):
                page = body_of(response)
                assert "govuk-error-summary" in page and "There is a problem" in page, (
                    f"{url}: refused without a message for {data!r}"
                )
            if response.status_code == 302:
                for shown in [response.url, *case.shows(world)]:
                    if shown.startswith("/") and not shown.startswith("/accounts/"):
                        assert_no_raw_markup(client.get(shown), shown)
            transaction.set_rollback(True)

    check()


@pytest.mark.parametrize("case", FORMS, ids=lambda c: c.name)
def test_a_nul_byte_in_any_field_is_a_clear_form_error(world, case):
    """PostgreSQL refuses NUL in text: each field in turn holds one, the others are valid."""
    url, client, valid = case.url(world), world.clients[case.role], case.valid(world)
    for name in valid:
        cache.clear()
        with transaction.atomic():
            response = _post(client, url, {**valid, name: "nul\x00byte"}, case.file_field)
            assert response.status_code in FORM_STATUSES, (name, response.status_code)
            if response.status_code == 200:
                assert "There is a problem" in body_of(response), name
            transaction.set_rollback(True)


def test_a_nul_byte_inside_an_uploaded_csv_is_a_clear_form_error(world):
    """A NUL in a cell of the policy team's CSV upload was a database error (a 500)."""
    case = next(c for c in FORMS if c.name == "progress upload")
    text = case.valid(world)["file"].replace("Did it", "Did\x00it")
    response = _post(world.clients["policy"], case.url(world), {"file": text}, "file")
    assert response.status_code == 200
    assert "The file holds a NUL character" in body_of(response)


def test_hostile_cells_in_an_uploaded_csv_are_refused_or_saved_escaped(world):
    client, url = world.clients["policy"], reverse("councils:policy-progress-upload")
    valid = [
        world.signed.slug,
        world.commitment.key,
        ReportingPeriod.current().label,
        "embedded",
        "Did it",
        "",
        "",
    ]
    header = "council,commitment,period,status,what_we_did,evidence_links,not_applicable_reason"
    cell = st.one_of(text, st.just(None))  # None: keep the valid cell

    @EXAMPLES
    @given(cells=st.lists(cell, min_size=len(valid), max_size=len(valid)))
    def check(cells):
        row = io.StringIO()
        csv.writer(row).writerow([v if c is None else c for v, c in zip(valid, cells, strict=True)])
        with transaction.atomic():
            response = _post(client, url, {"file": f"{header}\n{row.getvalue()}"}, "file")
            assert response.status_code in (200, 302), response.status_code
            if response.status_code == 200:
                assert "There is a problem" in body_of(response)
            else:
                assert_no_raw_markup(client.get(world.signed.get_absolute_url()))
            transaction.set_rollback(True)

    check()


# --- Filters ---------------------------------------------------------------------------------

FILTERS = {
    "councils:directory": ["q", "district", "kind", "status", "kind_confirmed", "sort", "page"],
    "councils:directory-csv": ["q", "district", "kind", "status", "kind_confirmed", "sort"],
    "councils:directory-json": ["q", "district", "kind", "status", "kind_confirmed", "sort"],
    "actions:plan": ["commitment", "status", "lead", "overdue"],
    "actions:download-csv": ["commitment", "status", "lead", "overdue"],
    "actions:download-json": ["commitment", "status", "lead", "overdue"],
    "councils:progress-overview": ["period"],
    "councils:what-councils-did": [
        "q",
        "commitment",
        "status",
        "kind",
        "district",
        "period",
        "page",
    ],
    "search:results": ["q"],
    "councils:progress-csv": ["period", "district", "commitment"],
    "councils:progress-json": ["period", "district", "commitment"],
    "commitments:charter": ["version"],  # names a version: one that does not exist is a 404
    "commitments:version-compare": ["from", "to"],
    "councils:role-request": ["q", "council"],
    "home": ["page", "q"],
    "partnerships:list": ["q", "level", "statutory", "council", "commitment", "page"],
    "partnerships:download-csv": ["q", "level", "statutory", "council", "commitment"],
    "partnerships:download-json": ["q", "level", "statutory", "council", "commitment"],
    "partnerships:meetings": ["when", "page"],
    "partnerships:scrutiny": ["page"],
    "partnerships:reports": ["page"],
    "toolkit:list": ["q", "kind", "council_kind", "page"],
    "toolkit:services": ["q", "page"],
}


@pytest.mark.parametrize("name", FILTERS)
def test_every_filter_answers_any_query_string_without_a_server_error(world, name):
    url = reverse(name)
    client = world.clients["user"]
    # A control character anywhere in the query is a 400 (charter_portal/middleware.py).
    allowed = {200, 400, 404} if name == "commitments:charter" else {200, 400}
    keys = st.sampled_from([*FILTERS[name], "utm_source", "\x00", "<b>"])

    @EXAMPLES
    @given(query=st.dictionaries(keys, value, max_size=4))
    def check(query):
        response = client.get(url, query)
        assert response.status_code in allowed, (response.status_code, query)
        assert_no_raw_markup(response, url)
        if response.status_code == 400:
            assert body_of(response).strip(), "a 400 that does not say what is wrong"

    check()


@pytest.mark.parametrize("name", FILTERS)
def test_a_nul_byte_in_any_filter_is_answered_without_a_server_error(world, name):
    """``?council=a%00b`` on the request form was a database error (a 500)."""
    url = reverse(name)
    client = world.clients["user"]
    for key in FILTERS[name]:
        response = client.get(url, {key: "a\x00b"})
        assert response.status_code in (200, 400, 404), (key, response.status_code)


# --- Markup and formulas in every public page, download and feed ----------------------------


@pytest.fixture
def marked_up(world):
    """A signed council named with markup, another with a formula; an action led by it and an
    update; a progress report; all holding markup and formulas."""
    charter = world.charter
    w = world
    w.script_council = CouncilFactory(name=f"{SCRIPT} Parish Council", website="")
    w.formula_council = CouncilFactory(name=FORMULA, website="")
    for council in (w.script_council, w.formula_council):
        signature_record(
            council=council,
            version=charter,
            recorded_by=w.officer,
            resolution_date=timezone.localdate(),
            minute_reference=f"Minute {SCRIPT}",
            authorised_by_name=FORMULA,
            authorised_by_role=SCRIPT,
            on_paper=True,
        )
        council.refresh_from_db()
    progress_report_save(
        council=w.script_council,
        commitment=w.commitment,
        period=ReportingPeriod.current(),
        user=w.officer,
        status="in-progress",
        what_we_did=f"{FORMULA} {SCRIPT}",
        evidence_links=["https://example.org/"],
        not_applicable_reason="",
    )
    w.item = ActionItemFactory(
        title=f"{SCRIPT} action", lead_council=w.script_council, lead_partner="", by=w.officer
    )
    ActionItemFactory(title=f"{FORMULA}", description=SCRIPT, by=w.officer)
    ActionUpdateFactory(item=w.item, by=w.officer, text=f"{SCRIPT}\n{FORMULA}")
    # The toolkit: a resource on the commitment's page, a county service, the guide.
    from tests.factories import CountyServiceFactory, ResourceFactory
    from toolkit.services import signatory_guide_ensure

    signatory_guide_ensure()
    w.resource = ResourceFactory(
        title=f"{SCRIPT} guide",
        summary=FORMULA,
        body=f"{SCRIPT} [x](javascript:alert(1))",
        commitments=[w.commitment],
        by=w.officer,
    )
    CountyServiceFactory(name=f"{SCRIPT} service", what_it_does=FORMULA, by=w.officer)
    return w


def _public_urls(w) -> list[str]:
    """Every URL the table of rules calls public, with the marked-up records in it."""
    values = {
        "slug": w.script_council.slug,
        "reference": w.item.reference,
        "key": w.commitment.key,
        "number": str(CharterVersion.objects.current().number),
    }
    urls = []
    for route in rules.routes():
        rule = rules.rule_for(route)
        if rule is None or rule.rule != "public":
            continue
        if route.name == "accounts:session":  # the sign-out warning's state: no records in it
            continue
        if route.name == "toolkit:attachment":  # a file, checked by content at upload
            continue
        if route.name == "commitments:principle-detail":
            values_here = {**values, "key": w.charter.principles.first().key}
        elif route.name.startswith("toolkit:"):
            values_here = {"slug": w.resource.slug}
        elif route.name.startswith("partnerships:"):
            # The register's own records (a partnership, a series) hold no council's text:
            # its lists, downloads and feeds are walked; pages of one record are not.
            values_here = {}
        else:
            values_here = values
        try:
            urls.append(rules.build_url(route, lambda name, r, v=values_here: v[name]))
        except KeyError:  # one record by its id (the API's records): the lists carry the text
            continue
    return urls


def test_markup_and_formulas_are_escaped_in_every_public_page_download_and_feed(marked_up):
    client = marked_up.clients["anon"]
    urls = _public_urls(marked_up)
    kinds = {"html": 0, "csv": 0, "json": 0, "atom": 0}
    seen_script = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content_type = response["Content-Type"]
        text = body_of(response)
        if "text/csv" in content_type:
            kinds["csv"] += 1
            rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
            for row in rows[1:]:
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (url, cell)
            seen_script += SCRIPT in text  # in a CSV, the text itself (not HTML)
        elif "json" in content_type:
            kinds["json"] += 1
            assert response["X-Content-Type-Options"] == "nosniff"
            if not url.startswith("/api/"):  # a download; the API answers its clients inline
                assert "attachment" in response["Content-Disposition"]
            seen_script += SCRIPT in json.dumps(json.loads(text), ensure_ascii=False)
        elif "svg" in content_type:  # a council's badge: well-formed, its name escaped
            root = ET.fromstring(response.content)  # noqa: S314
            assert not [e for e in root.iter() if e.tag.endswith("script")], url
            assert SCRIPT not in text, url
        elif "wordprocessingml" in content_type:  # a meeting pack: Word's XML, the text intact
            document = docx.Document(io.BytesIO(response.content))
            words = "\n".join(p.text for p in document.paragraphs)
            assert marked_up.script_council.name in words, url
            seen_script += SCRIPT in words
        elif "zip" in content_type:  # the bulk download: its CSV files guarded as the others
            again = client.get(url)  # the first answer's body was read as text above
            body = b"".join(again.streaming_content) if again.streaming else again.content
            with zipfile.ZipFile(io.BytesIO(body)) as bulk:
                for name in bulk.namelist():
                    if name.endswith(".csv"):
                        rows = list(csv.reader(io.StringIO(bulk.read(name).decode("utf-8-sig"))))
                        for row in rows[1:]:
                            for cell in row:
                                assert not cell.startswith(("=", "+", "-", "@")), (name, cell)
        elif "calendar" in content_type:  # iCalendar feeds: text, no markup to escape
            assert text.startswith("BEGIN:VCALENDAR"), url
        elif "atom" in content_type:
            kinds["atom"] += 1
            # Well-formed: the markup escaped as XML (our own response, not untrusted data).
            root = ET.fromstring(response.content)  # noqa: S314
            titles = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}title")]
            assert any(SCRIPT in t or FORMULA in t for t in titles), url
            assert SCRIPT not in text  # escaped in the XML
            seen_script += 1
        elif "html" in content_type:
            kinds["html"] += 1
            assert_no_raw_markup(response, url)
            seen_script += "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        else:
            assert content_type.startswith("text/plain"), url  # /health/, /ping/
            assert SCRIPT not in text and FORMULA not in text
    assert kinds["csv"] >= 3 and kinds["json"] >= 3 and kinds["atom"] >= 2, kinds
    assert kinds["html"] >= 10, kinds
    assert seen_script >= 10, "the marked-up records are not on the pages: the test tests nothing"
