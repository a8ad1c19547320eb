"""The policy team drafts, edits and publishes charter versions in the portal."""

import pytest

from commitments.models import CharterVersion

pytestmark = pytest.mark.django_db

URLS = [
    ("get", "/policy/charter/"),
    ("post", "/policy/charter/new/"),
    ("get", "/policy/charter/2/"),
    ("post", "/policy/charter/2/"),
    ("get", "/policy/charter/2/commitments/communication/"),
    ("post", "/policy/charter/2/commitments/communication/"),
    ("get", "/policy/charter/2/publish/"),
    ("post", "/policy/charter/2/publish/"),
]


def _draft(policy_client):
    response = policy_client.post("/policy/charter/new/")
    assert response.status_code == 302
    return CharterVersion.objects.get(status="draft")


@pytest.mark.parametrize("method, url", URLS)
def test_nobody_but_the_policy_team_reaches_the_charter_pages(
    anon_client, user_client, clerk_client, charter, method, url
):
    CharterVersion.objects.create(number=2)
    assert getattr(anon_client, method)(url).status_code == 302
    for client in (user_client, clerk_client):
        assert getattr(client, method)(url, {"title": "Hacked"}).status_code == 403
    assert not CharterVersion.objects.filter(title="Hacked").exists()
    assert CharterVersion.objects.published().get().number == 1


def test_policy_team_without_two_factors_is_sent_to_set_them_up(charter):
    from django.test import Client

    from tests.factories import PolicyOfficerFactory

    client = Client()
    client.force_login(PolicyOfficerFactory(policy_team=False))
    response = client.get("/policy/charter/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate" in response.url


def test_draft_edit_and_publish_a_new_version(policy_client, anon_client, charter):
    assert policy_client.get("/policy/charter/").status_code == 200
    draft = _draft(policy_client)
    assert draft.number == 2
    assert draft.commitments.count() == 4
    # A second draft is refused while one exists.
    policy_client.post("/policy/charter/new/")
    assert CharterVersion.objects.filter(status="draft").count() == 1

    page = policy_client.get("/policy/charter/2/")
    assert page.status_code == 200
    response = policy_client.post(
        "/policy/charter/2/commitments/communication/",
        {"title": "Communication", "statements": "Talk early.\n\n  Listen well.  \n"},
    )
    assert response.status_code == 302
    assert draft.commitments.get(key="communication").statements == ["Talk early.", "Listen well."]

    # Publishing needs a summary of what changed.
    policy_client.post("/policy/charter/2/publish/")
    assert CharterVersion.objects.get(number=2).status == "draft"
    data = {
        f: getattr(draft, f)
        for f in (
            "title",
            "introduction",
            "aims_introduction",
            "principles_introduction",
            "commitments_introduction",
            "implementation",
        )
    }
    data["summary_of_changes"] = "Shorter communication commitment."
    assert policy_client.post("/policy/charter/2/", data).status_code == 302
    assert policy_client.get("/policy/charter/2/publish/").status_code == 200
    assert policy_client.post("/policy/charter/2/publish/").status_code == 302

    charter.refresh_from_db()
    assert charter.status == "superseded"
    assert "Listen well." in anon_client.get("/charter/").content.decode()
    assert anon_client.get("/charter/versions/1/").status_code == 200
    # A published version can no longer be edited: its draft pages (the back button after
    # publishing) lead to the list of versions with a message, never to "Page not found".
    for url in (
        "/policy/charter/2/",
        "/policy/charter/2/publish/",
        "/policy/charter/2/commitments/communication/",
    ):
        response = policy_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "Version 2 of the charter is published: it can no longer be changed" in (
            response.content.decode()
        )


def test_bad_input_is_shown_next_to_the_field_and_kept(policy_client, charter):
    _draft(policy_client)
    response = policy_client.post(
        "/policy/charter/2/commitments/communication/", {"title": "", "statements": "   \n "}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter at least one statement." in html
    assert "Enter the title." in html
    response = policy_client.post("/policy/charter/2/", {"title": "x" * 300})
    assert response.status_code == 200
    assert "x" * 200 in response.content.decode()


def test_unknown_sections_and_versions_are_not_found(policy_client, charter):
    _draft(policy_client)
    assert policy_client.get("/policy/charter/2/widgets/communication/").status_code == 404
    assert policy_client.get("/policy/charter/2/commitments/nope/").status_code == 404
    # Version 1 exists but is published: its draft page leads to the list of versions.
    response = policy_client.get("/policy/charter/1/")
    assert response.status_code == 302 and response.url == "/policy/charter/"
    assert policy_client.get("/policy/charter/9/publish/").status_code == 404


def test_the_publish_page_shows_what_changed_from_the_current_version(policy_client, charter):
    from commitments.services import charter_section_update

    draft = _draft(policy_client)
    communication = draft.commitments.get(key="communication")
    statements = list(communication.statements)
    statements[1] = "Communicate with respect, civility and patience."
    charter_section_update(section=communication, title="Communication", statements=statements)
    html = policy_client.get(f"/policy/charter/{draft.number}/publish/").content.decode()
    assert "What changed from version 1" in html
    assert (
        "From version 1 to version 2: 0 sections added, 0 removed, 1 changed and 6 unchanged."
        in (html)
    )
    assert '<span class="govuk-visually-hidden">added: </span>patience</ins>' in html
    assert '<span class="govuk-visually-hidden">removed: </span>civility</del>' in html


def test_the_publish_page_says_when_nothing_changed(policy_client, charter):
    draft = _draft(policy_client)
    html = policy_client.get(f"/policy/charter/{draft.number}/publish/").content.decode()
    assert "No principle or commitment has changed from version 1." in html


def test_the_publish_page_has_breadcrumbs_from_home(policy_client, charter):
    draft = _draft(policy_client)
    response = policy_client.get(f"/policy/charter/{draft.number}/publish/")
    assert response.context["breadcrumbs"] == [
        ("Home", "/"),
        ("Policy team", "/policy/"),
        ("Charter versions", "/policy/charter/"),
        (f"Version {draft.number}", f"/policy/charter/{draft.number}/"),
        ("Publish", None),
    ]
    assert 'aria-label="Breadcrumb"' in response.content.decode()


@pytest.mark.parametrize(
    "address",
    ["/policy/charter/", "/policy/charter/{n}/", "/policy/charter/{n}/principles/{key}/"],
)
def test_every_charter_version_page_s_trail_starts_at_home(policy_client, charter, address):
    draft = _draft(policy_client)
    key = draft.principles.first().key
    response = policy_client.get(address.format(n=draft.number, key=key))
    assert response.status_code == 200
    assert response.context["breadcrumbs"][:2] == [("Home", "/"), ("Policy team", "/policy/")]
