"""The public signatories directory, its downloads and feed, and a council's page."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from councils.models import Council
from councils.services.register import council_correct
from tests.factories import (
    CouncilCodeFactory,
    CouncilFactory,
    CouncilRoleFactory,
    DistrictFactory,
    PolicyOfficerFactory,
    SignedCouncilFactory,
)

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("councils:directory")
CSV = reverse("councils:directory-csv")
JSON = reverse("councils:directory-json")
FEED = reverse("councils:signatories-feed")


@pytest.fixture
def register(charter):
    """Two districts, a county, councils in every status."""
    cherwell = DistrictFactory(name="Cherwell")
    vale = DistrictFactory(name="Vale of White Horse")
    return {
        "county": CouncilFactory(
            name="Oxfordshire County Council", kind=Council.Kind.COUNTY, district=None
        ),
        "adderbury": SignedCouncilFactory(
            name="Adderbury Parish Council",
            district=cherwell,
            signed_version=charter,
            signed_on=datetime.date(2026, 9, 1),
        ),
        "banbury": SignedCouncilFactory(
            name="Banbury Town Council",
            kind=Council.Kind.TOWN,
            district=cherwell,
            signed_version=charter,
            signed_on=datetime.date(2026, 10, 5),
        ),
        "bloxham": CouncilFactory(
            name="Bloxham Parish Council", district=cherwell, status=Council.Status.INVITED
        ),
        "abingdon": CouncilFactory(
            name="Abingdon-on-Thames Town Council", kind=Council.Kind.TOWN, district=vale
        ),
        "ardington": CouncilFactory(
            name="Ardington and Lockinge Parish Meeting",
            kind=Council.Kind.PARISH_MEETING,
            kind_confirmed=False,
            district=vale,
            status=Council.Status.WITHDRAWN,
        ),
    }


def _names(response):
    return [c.name for c in response.context["councils"]]


def _text(response):
    return response.content.decode()


# --- The directory -----------------------------------------------------------------------


def test_the_directory_lists_every_current_council_with_its_status(anon_client, register):
    CouncilFactory(name="Old Parish Council", ended_on=datetime.date(2020, 3, 31))
    response = anon_client.get(DIRECTORY)
    assert response.status_code == 200
    assert _names(response) == [
        "Abingdon-on-Thames Town Council",
        "Adderbury Parish Council",
        "Ardington and Lockinge Parish Meeting",
        "Banbury Town Council",
        "Bloxham Parish Council",
        "Oxfordshire County Council",
    ]
    html = _text(response)
    assert "2 of 6 councils in Oxfordshire have signed the charter." in html
    for label in ("Not yet signed", "Invited", "Withdrawn", "Signed"):
        assert label in html
    assert "1 September 2026, version 1" in html
    assert "Parish council or parish meeting: not yet confirmed" in html
    assert "Old Parish Council" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"district": "cherwell"}, ["Adderbury", "Banbury", "Bloxham"]),
        ({"kind": "town"}, ["Abingdon-on-Thames", "Banbury"]),
        ({"status": "signed"}, ["Adderbury", "Banbury"]),
        ({"status": "not-signed"}, ["Abingdon-on-Thames", "Oxfordshire"]),
        ({"kind_confirmed": "no"}, ["Ardington"]),
        ({"district": "cherwell", "kind": "parish", "status": "invited"}, ["Bloxham"]),
        ({"q": "parish"}, ["Adderbury", "Ardington", "Bloxham"]),
        ({"q": "  PARISH   add "}, ["Adderbury"]),
        ({"q": "council town"}, ["Abingdon-on-Thames", "Banbury"]),
    ],
)
def test_filters_and_search(anon_client, register, query, expected):
    response = anon_client.get(DIRECTORY, query)
    assert response.status_code == 200
    assert [name.split()[0] for name in _names(response)] == expected
    assert not response.context["form"].errors


@pytest.mark.parametrize(
    ("sort", "first_three"),
    [
        ("name", ["Abingdon-on-Thames", "Adderbury", "Ardington"]),
        ("-name", ["Oxfordshire", "Bloxham", "Banbury"]),
        ("district", ["Oxfordshire", "Adderbury", "Banbury"]),
        ("status", ["Adderbury", "Banbury", "Bloxham"]),
        ("-signed", ["Banbury", "Adderbury", "Abingdon-on-Thames"]),
        ("signed", ["Adderbury", "Banbury", "Abingdon-on-Thames"]),
    ],
)
def test_sorting(anon_client, register, sort, first_three):
    response = anon_client.get(DIRECTORY, {"sort": sort})
    assert [name.split()[0] for name in _names(response)][:3] == first_three


def test_the_filter_form_is_a_get_form_with_every_sort_choice(anon_client, register):
    html = _text(anon_client.get(DIRECTORY, {"status": "signed"}))
    assert f'<form method="get" action="{DIRECTORY}"' in html
    assert '<option value="signed" selected>Signed</option>' in html
    assert "Date signed (newest first)" in html
    assert 'class="govuk-select govuk-!-width-full" id="id_sort"' in html


def test_pagination_keeps_the_filters_in_its_links(anon_client, register):
    district = register["adderbury"].district
    CouncilFactory.create_batch(55, district=district)
    response = anon_client.get(DIRECTORY, {"district": "cherwell", "page": 2})
    page = response.context["page_obj"]
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (2, 2, 58)
    assert len(response.context["councils"]) == 8
    html = _text(response)
    assert 'class="govuk-pagination"' in html
    assert 'href="?district=cherwell&amp;page=1" rel="prev"' in html
    assert "Showing 51 to 58 of 58 councils that match your filters." in html


def test_nonsense_filter_values_show_an_error_summary_never_a_500(anon_client, register):
    response = anon_client.get(
        DIRECTORY,
        {"status": "banana", "district": "zzz", "page": "999", "sort": "drop", "kind": "x"},
    )
    assert response.status_code == 200
    html = _text(response)
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_status">Choose a status from the list</a>' in html
    assert '<a href="#id_district">Choose a district from the list</a>' in html
    assert '<a href="#id_kind">Choose a kind of council from the list</a>' in html
    assert '<a href="#id_sort">Choose a sort order from the list</a>' in html
    assert "There is no page 999: this is page 1 of 1." in html
    # The bad filters are left out; the list still shows, in the default order.
    assert len(response.context["councils"]) == 6
    assert "govuk-select--error" in html


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "0"},
        {"page": "9" * 40},
        {"q": "x" * 500},
        {"sort": "name,,district;drop table"},
        {"status": ["signed", "banana"]},
        {"kind_confirmed": "maybe"},
    ],
)
def test_any_query_string_is_answered_without_a_server_error(anon_client, register, query):
    assert anon_client.get(DIRECTORY, query).status_code == 200
    assert anon_client.get(CSV, query).status_code in (200, 400)
    assert anon_client.get(JSON, query).status_code in (200, 400)


@pytest.mark.parametrize("query", [{"q": "nul\x00byte"}, {"district": "nul\x00byte"}])
def test_a_control_character_in_the_query_is_a_400_page(anon_client, register, query):
    for url in (DIRECTORY, CSV, JSON):
        response = anon_client.get(url, query)
        assert response.status_code == 400
        assert "control character" in _text(response)


def test_an_out_of_range_page_shows_the_last_page_with_a_message(anon_client, register):
    CouncilFactory.create_batch(50)
    response = anon_client.get(DIRECTORY, {"page": 7})
    assert response.context["page_obj"].number == 2
    assert "There is no page 7: this is page 2 of 2." in _text(response)
    response = anon_client.get(DIRECTORY, {"page": "02"})
    assert response.context["page_obj"].number == 2
    assert "There is no page" not in _text(response)
    response = anon_client.get(DIRECTORY, {"page": "two"})
    assert response.context["page_obj"].number == 1
    assert "The page number must be a whole number: this is page 1." in _text(response)


def test_no_match_says_so(anon_client, register):
    response = anon_client.get(DIRECTORY, {"q": "Atlantis"})
    assert response.status_code == 200
    assert "No councils match." in _text(response)
    assert 'class="govuk-pagination"' not in _text(response)


def test_the_directory_links_downloads_with_the_valid_filters_and_the_feed(anon_client, register):
    html = _text(anon_client.get(DIRECTORY, {"district": "cherwell", "status": "x", "page": 1}))
    assert f'href="{CSV}?district=cherwell"' in html
    assert f'href="{JSON}?district=cherwell"' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="New signatories of the ' in html
    )
    assert f'href="{FEED}"' in html


# --- Counts --------------------------------------------------------------------------------


def test_counts_per_district_and_kind(register, django_assert_num_queries):
    current = Council.objects.current()
    with django_assert_num_queries(1):
        by_district = current.counts_by_district()
    assert by_district == [
        {"value": "cherwell", "label": "Cherwell", "total": 3, "signed": 2},
        {"value": "vale-of-white-horse", "label": "Vale of White Horse", "total": 2, "signed": 0},
        {"value": None, "label": None, "total": 1, "signed": 0},
    ]
    with django_assert_num_queries(1):
        by_kind = current.counts_by_kind()
    assert [(r["label"], r["total"], r["signed"], r["query"]) for r in by_kind] == [
        ("County council", 1, 0, "kind=county&kind_confirmed=yes"),
        ("Town council", 2, 1, "kind=town&kind_confirmed=yes"),
        ("Parish council", 2, 1, "kind=parish&kind_confirmed=yes"),
        ("Parish council or parish meeting: not yet confirmed", 1, 0, "kind_confirmed=no"),
    ]
    with django_assert_num_queries(1):
        summary = current.register_summary()
    assert summary == {"total": 6, "signed": 2, "kind_unconfirmed": 1, "corrected": 0}


def test_the_directory_shows_the_counts_whatever_the_filters(anon_client, register):
    response = anon_client.get(DIRECTORY, {"district": "vale-of-white-horse"})
    html = _text(response)
    assert "How many have signed?" in html
    assert response.context["signed_count"] == 2
    assert response.context["council_count"] == 6
    assert ("Signed", 2) in response.context["status_counts"]
    assert '<a class="govuk-link" href="/councils/?district=cherwell">Cherwell</a>' in html
    assert "None (the county council)" in html


def test_with_many_districts_their_counts_have_a_page_of_their_own(anon_client, register):
    """At England's size (300 districts) the directory would carry a 300-row table on every
    page: beyond 20 districts it links to the counts instead."""
    for i in range(19):  # 2 + 19 = 21 districts
        CouncilFactory(district=DistrictFactory(name=f"District {i:02}"))
    html = _text(anon_client.get(DIRECTORY))
    by_district = reverse("councils:signatories-by-district")
    assert f'href="{by_district}"' in html and "each of the 21 districts" in html
    assert "/councils/?district=district-07" not in html  # no row per district here

    page = anon_client.get(by_district)
    assert page.status_code == 200
    html = _text(page)
    assert "<h1" in html and "Signatories by district" in html
    assert '<a class="govuk-link" href="/councils/?district=cherwell">Cherwell</a>' in html
    assert '<a class="govuk-link" href="/councils/?district=district-07">District 07</a>' in html
    assert "None (the county council)" in html


def test_the_counts_by_district_page_queries_do_not_grow(anon_client, register):
    url = reverse("councils:signatories-by-district")
    small = _queries(anon_client, url)
    _grow(register, 30)
    assert _queries(anon_client, url) == small


# --- Downloads -----------------------------------------------------------------------------


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_download_applies_the_filters(anon_client, register):
    response = anon_client.get(CSV, {"district": "cherwell", "status": "signed", "sort": "-signed"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="signatories.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert [r["name"] for r in rows] == ["Banbury Town Council", "Adderbury Parish Council"]
    adderbury = rows[1]
    assert adderbury["status"] == "signed"
    assert adderbury["signed_on"] == "2026-09-01"
    assert adderbury["charter_version"] == "1"
    assert adderbury["district"] == "Cherwell"
    assert adderbury["page"].endswith("/councils/adderbury-parish-council/")
    assert adderbury["gss_codes"] == register["adderbury"].gss_codes[0]


def test_downloads_hold_no_personal_data_of_clerks(anon_client, register):
    clerk = CouncilRoleFactory(council=register["adderbury"]).user
    csv_text = b"".join(anon_client.get(CSV).streaming_content).decode()
    json_text = anon_client.get(JSON).content.decode()
    for text in (csv_text, json_text):
        assert "@" not in text  # neither clerks' addresses nor the councils' contact emails
        assert clerk.full_name not in text


def test_csv_cells_cannot_be_read_as_formulas(anon_client, charter):
    CouncilFactory(name='=HYPERLINK("http://evil.example","x")', website="")
    CouncilFactory(name="+1 Parish Council")
    CouncilFactory(name="@SUM(A1) Parish Council")
    names = sorted(r["name"] for r in _csv_rows(anon_client.get(CSV)))
    assert names == [
        "'+1 Parish Council",
        '\'=HYPERLINK("http://evil.example","x")',
        "'@SUM(A1) Parish Council",
    ]


def test_json_download_applies_the_filters_and_escapes_names(anon_client, register):
    CouncilFactory(
        name='Quote " and \\ and </script><script>alert(1)</script> Parish Council',
        district=register["adderbury"].district,
    )
    response = anon_client.get(JSON, {"district": "cherwell", "q": "parish"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["filters"] == {"district": "cherwell", "q": "parish"}
    assert data["count"] == 3
    assert [c["name"] for c in data["councils"]] == [
        "Adderbury Parish Council",
        "Bloxham Parish Council",
        'Quote " and \\ and </script><script>alert(1)</script> Parish Council',
    ]
    assert data["councils"][0] == {
        "name": "Adderbury Parish Council",
        "page": "http://127.0.0.1:8000/councils/adderbury-parish-council/",
        "gss_codes": register["adderbury"].gss_codes,
        "kind": "parish",
        "kind_confirmed": True,
        "district": "Cherwell",
        "website": "",
        "status": "signed",
        "signed_on": "2026-09-01",
        "charter_version": 1,
    }


def test_a_download_with_a_bad_filter_says_what_is_wrong(anon_client, register):
    response = anon_client.get(CSV, {"status": "banana"})
    assert response.status_code == 400
    assert "status: Choose a status from the list" in response.content.decode()
    assert anon_client.get(JSON, {"district": "zzz"}).status_code == 400


# --- The feed ------------------------------------------------------------------------------


def test_the_feed_lists_signatories_newest_first_and_escapes_markup(anon_client, charter):
    CouncilFactory(name="Not Signed Parish Council")
    first = SignedCouncilFactory(name="First Parish Council", signed_version=charter)
    SignedCouncilFactory(name="<script>alert('x')</script> Parish Council", signed_version=charter)
    response = anon_client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "<script>" not in xml
    assert "&lt;script&gt;alert('x')&lt;/script&gt; Parish Council" in xml
    assert "Not Signed" not in xml
    assert xml.index("&lt;script&gt;") < xml.index("First Parish Council")
    assert f"http://127.0.0.1:8000{first.get_absolute_url()}" in xml
    assert "signed version 1 of the charter on 1 September 2026" in xml


def test_the_feed_holds_the_latest_50(anon_client, charter):
    SignedCouncilFactory.create_batch(52, signed_version=charter)
    xml = anon_client.get(FEED).content.decode()
    assert xml.count("<entry>") == 50


# --- A council's page ----------------------------------------------------------------------


def test_the_council_page_shows_its_details(anon_client, register):
    district = register["adderbury"].district
    old = CouncilFactory(name="Old Parish Council", district=district)
    new = register["adderbury"]
    new.website = "https://adderbury.example.org/"
    new.started_on = datetime.date(2027, 4, 1)
    new.save()
    CouncilCodeFactory(council=new, code="E04009999")
    old.ended_on, old.replaced_by = datetime.date(2027, 3, 31), new
    old.save()

    html = _text(anon_client.get(new.get_absolute_url()))
    assert "Parish council" in html
    assert ", ".join(new.gss_codes) in html
    assert 'href="https://adderbury.example.org/" rel="nofollow noopener"' in html
    assert new.contact_email in html
    assert "1 April 2027" in html
    assert f'href="{old.get_absolute_url()}">Old Parish Council' in html
    assert "1 September 2026, version 1" in html
    assert "Correct these details" not in html
    assert "not yet confirmed" not in html

    html = _text(anon_client.get(old.get_absolute_url()))
    assert "This council ended on 31 March 2027" in html
    assert f'href="{new.get_absolute_url()}">Adderbury Parish Council' in html


def test_the_council_page_notes_an_unconfirmed_kind_and_corrections(anon_client, register):
    council = register["ardington"]
    html = _text(anon_client.get(council.get_absolute_url()))
    assert "Parish council or parish meeting: not yet confirmed" in html
    council_correct(
        council=council,
        data={"name": "Ardington Parish Meeting", "started_on": datetime.date(2020, 1, 1)},
        user=PolicyOfficerFactory(),
    )
    html = _text(anon_client.get(council.get_absolute_url()))
    assert "Corrected by the policy team: name, date the council started." in html
    assert "Recent changes" not in html


def test_the_policy_team_sees_the_correct_link_and_the_history(policy_client, register):
    council = register["bloxham"]
    council_correct(
        council=council, data={"website": "https://b.example.org/"}, user=policy_client.user
    )
    html = _text(policy_client.get(council.get_absolute_url()))
    assert f'href="{reverse("councils:correct", args=[council.slug])}"' in html
    assert "Recent changes to the register entry" in html
    assert "Corrected by the policy team: website" in html
    assert escape(policy_client.user.full_name) in html  # names may hold an apostrophe


def test_a_user_or_the_clerk_sees_no_correct_link(user_client, register):
    council = register["banbury"]
    clerk = Client()
    clerk.force_login(CouncilRoleFactory(council=council).user)
    for client in (user_client, clerk):
        html = _text(client.get(council.get_absolute_url()))
        assert "Correct these details" not in html
        assert "Recent changes" not in html


def test_an_unknown_council_is_a_404(anon_client, db):
    assert anon_client.get("/councils/no-such-council/").status_code == 404


# --- Queries do not grow with the data -----------------------------------------------------


def _queries(client, url, data=None):
    client.get(url, data)  # warm caches (the site, the content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def _grow(register, n):
    district, version = register["adderbury"].district, register["adderbury"].signed_version
    for i in range(n):
        if i % 2:
            council = SignedCouncilFactory(district=district, signed_version=version)
        else:
            council = CouncilFactory(district=district)
        CouncilCodeFactory(council=council)


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (DIRECTORY, None),
        (DIRECTORY, {"district": "cherwell", "status": "signed", "q": "council", "sort": "status"}),
        (DIRECTORY, {"status": "banana", "page": "99"}),
        (DIRECTORY, {"signed_version": "current"}),
        (DIRECTORY, {"signed_version": "earlier", "sort": "-signed"}),
        (CSV, None),
        (CSV, {"signed_version": "current"}),
        (CSV, {"district": "cherwell", "kind": "parish"}),
        (JSON, {"district": "cherwell"}),
        (FEED, None),
    ],
)
def test_list_queries_do_not_grow_with_the_councils(anon_client, register, url, data):
    small = _queries(anon_client, url, data)
    _grow(register, 27)
    assert _queries(anon_client, url, data) == small
    _grow(register, 60)  # a second page
    assert _queries(anon_client, url, data) == small
    assert small <= 8


@pytest.mark.parametrize("client_name", ["anon_client", "policy_client"])
def test_council_page_queries_do_not_grow(request, register, client_name):
    client = request.getfixturevalue(client_name)
    council = register["adderbury"]
    url = council.get_absolute_url()
    small = _queries(client, url)
    officer = PolicyOfficerFactory()
    for i in range(5):
        CouncilCodeFactory(council=council)
        CouncilFactory(district=council.district, replaced_by=council)
        council_correct(
            council=council, data={"website": f"https://{i}.example.org/"}, user=officer
        )
    assert _queries(client, url) == small
