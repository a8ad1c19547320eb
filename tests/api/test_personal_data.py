"""Never a personal detail in the open data: every API endpoint (found by walking the URLs,
so a new one is checked too) and every file of the bulk download, against the permission
matrix's data set, whose clerks, officers and signatories have distinctive names."""

import io
import zipfile

import pytest

from councils.models import Council
from tests import permission_rules as rules

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with rules.dataset_for_module(django_db_blocker) as d:
        yield d


def _personal(d) -> list[str]:
    """Every user's name and email (and its local part), who authorised the signature, and
    the councils' contact emails: none of it is open data."""
    values = [d.signature.authorised_by_name]
    for user in d.users.values():
        values += [user.full_name, user.email]
    for name, email in rules.CLERKS.values():
        values += [name, email, email.split("@")[0]]
    values += [e for e in Council.objects.values_list("contact_email", flat=True) if e]
    return [v for v in values if v]


def _url(d, route) -> str:
    return rules.build_url(route, lambda name, r: rules.kwarg_value(d, name, r))


def test_no_api_endpoint_gives_a_personal_detail(data):
    routes = [r for r in rules.routes() if (r.name or "").startswith("api:")]
    assert len(routes) == 14  # root, schema, and a list and a record of six datasets
    personal = _personal(data)
    found = []
    for route in routes:
        url = _url(data, route)
        for role in ("anon", "clerk_a", "policy"):  # signed in or not: the same public data
            response = rules.client_for(data, role).get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            found += [f"{url} as {role}: {v}" for v in personal if v in text]
    assert not found, "\n".join(found)


def test_no_file_of_the_bulk_download_gives_a_personal_detail(data, settings, tmp_path):
    settings.PORTAL_BULK_DIR = tmp_path
    response = rules.client_for(data, "anon").get("/data/charter-open-data.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    personal = _personal(data)
    found = []
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8-sig")
        found += [f"{name}: {v}" for v in personal if v in text]
    assert not found, "\n".join(found)
    assert "Adderbury Parish Council" in archive.read("councils.csv").decode("utf-8-sig")
