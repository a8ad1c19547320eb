"""Two officers editing one charter draft: the later save is refused with the conflict page
(409), what they typed kept and the other change shown (ui.conflicts). Today the first change
was lost."""

import pytest

from charter_portal.charter_versions import VersionForm
from commitments.models import CharterVersion
from tests.councils.test_edit_conflicts import _client, _html, seen_of
from tests.factories import PolicyOfficerFactory

pytestmark = pytest.mark.django_db


# --- Charter draft sections (and the draft's own text) ------------------------------------------


def test_two_officers_editing_one_draft_section(policy_client, charter):
    policy_client.post("/policy/charter/new/")
    other = _client(PolicyOfficerFactory())
    url = "/policy/charter/2/commitments/communication/"
    mine, theirs = seen_of(policy_client.get(url)), seen_of(other.get(url))
    assert (
        other.post(url, {"title": "Talking", "statements": "Talk early.", "seen": theirs})
    ).status_code == 302

    typed = {"title": "Communication", "statements": "Listen well.\nWrite plainly.", "seen": mine}
    response = policy_client.post(url, typed)
    assert response.status_code == 409
    html = _html(response)
    assert "Someone else saved this section after you opened it" in html
    assert "Talk early." in html and "Talking" in html
    assert "Listen well.\nWrite plainly.</textarea>" in html
    section = CharterVersion.objects.get(number=2).commitments.get(key="communication")
    assert (section.title, section.statements) == ("Talking", ["Talk early."])

    assert policy_client.post(url, {**typed, "seen": seen_of(response)}).status_code == 302
    section.refresh_from_db()
    assert section.statements == ["Listen well.", "Write plainly."]


def test_two_officers_editing_the_draft_text(policy_client, charter):
    policy_client.post("/policy/charter/new/")
    other = _client(PolicyOfficerFactory())
    url = "/policy/charter/2/"
    mine, theirs = seen_of(policy_client.get(url)), seen_of(other.get(url))
    draft = CharterVersion.objects.get(number=2)
    data = {f: getattr(draft, f) for f in VersionForm.Meta.fields}
    their_data = {**data, "summary_of_changes": "Theirs.", "seen": theirs}
    assert other.post(url, their_data).status_code == 302
    response = policy_client.post(url, {**data, "summary_of_changes": "Mine.", "seen": mine})
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.summary_of_changes == "Theirs."
