import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client, override_settings
from django.urls import path

from charter_portal import urls as portal_urls

pytestmark = pytest.mark.django_db


def test_home_page_invites_councils_to_sign(anon_client, charter):
    response = anon_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Oxfordshire Councils Charter" in html
    assert "Read the charter" in html
    assert "0</strong> of 0 councils have signed" in html


@pytest.mark.parametrize(
    "url, text",
    [
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/contact/", "policyteam@oxfordshire.gov.uk"),
    ],
)
def test_site_pages_are_public_and_linked_from_every_page(anon_client, charter, url, text):
    response = anon_client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert f'href="{url}"' in anon_client.get("/charter/").content.decode()


def test_pages_have_a_content_security_policy_and_no_crown(anon_client, charter):
    response = anon_client.get("/charter/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    html = response.content.decode()
    assert "govuk-header__logotype" not in html
    assert "GDS Transport" not in html


def test_not_found_page_is_in_the_portal_style(anon_client, db):
    response = anon_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-template" in response.content.decode()


@login_not_required
def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [*portal_urls.urlpatterns, path("boom/", _boom)]
handler500 = portal_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_is_in_the_portal_style(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_health_check(anon_client, db):
    assert anon_client.get("/health/").content == b"ok"


def test_back_office_is_for_the_policy_team_and_admins(
    anon_client, user_client, clerk_client, policy_client, admin_client
):
    for client in (anon_client, user_client, clerk_client):
        assert client.get("/admin/").status_code == 302
    assert policy_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "url, current",
    [
        ("/charter/", "The charter"),
        ("/charter/commitments/resources/", "The charter"),
        ("/councils/", "Signatories"),
        ("/councils/progress/", "Progress"),
        ("/actions/", "Action plan"),
    ],
)
def test_the_menu_marks_the_current_section(anon_client, charter, url, current):
    import re

    html = anon_client.get(url).content.decode()
    marked = re.findall(r'aria-current="page">\s*<strong[^>]*>([^<]+)</strong>', html)
    assert marked == [current]
