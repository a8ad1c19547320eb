"""The register's second edition on the public pages: the counts, downloads and feed agree after
a database of the first edition is brought up to date, an unconfirmed kind is said in plain
words, and the policy team confirms a kind on the correction page."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from councils.models import Council
from councils.services.register import council_register_import
from tests.factories import CouncilFactory, signatory

from .test_import import FIRST_EDITION, MARSH_BALDON, TOOT_BALDON

pytestmark = pytest.mark.django_db


def _second_edition_rows() -> int:
    with open(settings.COUNCIL_REGISTER_CSV, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_home_directory_downloads_and_feed_agree_after_the_second_edition(anon_client, charter):
    call_command("import_councils", str(FIRST_EDITION), verbosity=0)
    signatory(Council.objects.get(codes__code=MARSH_BALDON), charter)
    call_command("import_councils", verbosity=0)
    total = _second_edition_rows()
    assert total == 326

    home = anon_client.get(reverse("home")).content.decode()
    assert f"<strong>1</strong> of {total} councils have signed the charter." in home
    directory = anon_client.get(reverse("councils:directory")).content.decode()
    assert f"1 of {total} councils in Oxfordshire has signed the charter." in directory

    response = anon_client.get(reverse("councils:directory-csv"))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert len(rows) == total
    baldons = next(row for row in rows if row["name"] == "Baldons Parish Council")
    assert baldons["gss_codes"] == f"{TOOT_BALDON};{MARSH_BALDON}"
    assert baldons["status"] == "signed"
    assert not any(row["name"] == "Toot Baldon Parish Council" for row in rows)

    data = json.loads(anon_client.get(reverse("councils:directory-json")).content)
    assert data["count"] == total
    assert [c["name"] for c in data["councils"] if c["status"] == "signed"] == [
        "Baldons Parish Council"
    ]

    feed = anon_client.get(reverse("councils:signatories-feed")).content.decode()
    assert "<title>Baldons Parish Council</title>" in feed
    assert "Marsh Baldon" not in feed


def test_an_unconfirmed_kind_is_said_in_plain_words(anon_client, charter):
    council = CouncilFactory(name="Arncott Parish Council", kind_confirmed=False)
    signatory(council, charter)
    plain = "Parish council or parish meeting: not yet confirmed"
    directory = anon_client.get(reverse("councils:directory")).content.decode()
    assert f'<td class="govuk-table__cell" data-label="Kind">{plain}</td>' in directory
    # The counts by kind give the unconfirmed their own row, not "Parish council".
    assert f'href="/councils/?kind_confirmed=no">{plain}</a>' in directory
    assert "Parish council</a>" not in directory
    page = anon_client.get(council.get_absolute_url()).content.decode()
    assert f'<span class="govuk-caption-l">{plain}, {council.district}</span>' in page
    feed = anon_client.get(reverse("councils:signatories-feed")).content.decode()
    assert "parish council or parish meeting, not yet confirmed, in" in feed
    assert f'term="{plain}"' in feed


def _form_data(council, **changes):
    data = {
        "name": council.name,
        "kind": council.kind,
        "kind_confirmed": "on" if council.kind_confirmed else "",
        "district": council.district_id,
        "website": council.website,
        "contact_email": council.contact_email,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v not in (None, "")}


def test_the_policy_team_confirms_or_changes_the_kind_and_history_records_it(
    policy_client, anon_client
):
    council_register_import(
        text="gss_code,name,kind,district,website,kind_confirmed\n"
        "E07000177,Cherwell District Council,district,Cherwell,,yes\n"
        "E04008070,North Aston Parish Meeting,parish-meeting,Cherwell,,no\n"
        "E04008021,Arncott Parish Council,parish,Cherwell,,no\n"
    )
    north_aston = Council.objects.get(codes__code="E04008070")
    arncott = Council.objects.get(codes__code="E04008021")
    url = reverse("councils:correct", args=[north_aston.slug])
    assert 'name="kind_confirmed"' in policy_client.get(url).content.decode()

    # Confirm the kind the register inferred.
    response = policy_client.post(url, _form_data(north_aston, kind_confirmed="on"))
    assert response.status_code == 302
    north_aston.refresh_from_db()
    assert (north_aston.kind, north_aston.kind_confirmed) == ("parish-meeting", True)
    record = north_aston.history.first()
    assert record.history_change_reason == "Corrected by the policy team: kind_confirmed"
    assert record.history_user == policy_client.user
    assert record.prev_record.kind_confirmed is False

    # Change the kind, and confirm it.
    url = reverse("councils:correct", args=[arncott.slug])
    policy_client.post(
        url,
        _form_data(
            arncott, name="Arncott Parish Meeting", kind="parish-meeting", kind_confirmed="on"
        ),
    )
    arncott.refresh_from_db()
    assert (arncott.kind, arncott.kind_confirmed) == ("parish-meeting", True)
    reason = arncott.history.first().history_change_reason
    assert reason == "Corrected by the policy team: name, kind, kind_confirmed"
    page = anon_client.get(arncott.get_absolute_url()).content.decode()
    assert '<span class="govuk-caption-l">Parish meeting, Cherwell</span>' in page
    assert "not yet confirmed" not in page
