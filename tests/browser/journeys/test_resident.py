"""A resident reads the charter, finds who has signed, and downloads the signatories: with the
mouse, with the keyboard alone and with JavaScript off (the ``driver`` fixture)."""

import csv
import io
import json

import pytest

from councils.models import Council
from tests.factories import CouncilFactory, DistrictFactory, signatory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(charter):
    cherwell = DistrictFactory(name="Cherwell")
    vale = DistrictFactory(name="Vale of White Horse")
    CouncilFactory(name="Oxfordshire County Council", kind=Council.Kind.COUNTY, district=None)
    signatory(CouncilFactory(name="Adderbury Parish Council", district=cherwell), charter)
    signatory(CouncilFactory(name="Banbury Town Council", kind="town", district=cherwell), charter)
    CouncilFactory(name="Bloxham Parish Council", district=cherwell, status="invited")
    signatory(CouncilFactory(name="Ardington Parish Council", district=vale), charter)
    CouncilFactory.create_batch(4, district=vale)


def test_a_resident_browses_and_downloads_the_signatories(driver, register):
    driver.goto("/")
    assert driver.heading() == "The Oxfordshire Councils Charter"
    driver.follow("Read the charter")
    assert driver.heading() == "Oxfordshire Councils Charter"
    driver.follow("Communication", within="main")
    assert driver.heading() == "Communication"
    assert "How far the signatories have got" in driver.main_text()

    driver.menu("Signatories")
    assert "3 of 9 councils in Oxfordshire have signed" in driver.main_text()
    driver.select("District", "Cherwell")
    driver.select("Status", "Signed")
    driver.submit("Show councils")
    assert "district=cherwell" in driver.page.url and "status=signed" in driver.page.url
    names = driver.page.locator("#councils-table tbody th").all_inner_texts()
    assert names == ["Adderbury Parish Council", "Banbury Town Council"]

    # A filter that matches nothing: the empty list.
    driver.fill("Council name", "Atlantis")
    driver.submit("Show councils")
    assert "No councils match." in driver.main_text()
    driver.fill("Council name", "")
    driver.submit("Show councils")

    driver.follow("Banbury Town Council")
    assert driver.heading() == "Banbury Town Council"
    assert "Signed" in driver.main_text()
    driver.follow("Cherwell", within="main")  # the district: the directory, filtered
    assert "district=cherwell" in driver.page.url
    driver.select("Status", "Signed")
    driver.submit("Show councils")

    filename, content = driver.download("Signatories as CSV (a spreadsheet file)")
    assert filename == "signatories.csv"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(r["name"], r["district"], r["status"]) for r in rows] == [
        ("Adderbury Parish Council", "Cherwell", "signed"),
        ("Banbury Town Council", "Cherwell", "signed"),
    ]
    filename, content = driver.download("Signatories as JSON (a data file)")
    assert filename == "signatories.json"
    data = json.loads(content)
    assert data["count"] == 2
    assert {c["name"] for c in data["councils"]} == {
        "Adderbury Parish Council",
        "Banbury Town Council",
    }
