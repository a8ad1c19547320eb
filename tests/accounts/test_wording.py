"""allauth's pages in sentence case, as GOV.UK style asks ("Sign in", not "Sign In"): the
portal's en-GB catalogue (locale/en_GB) overrides allauth's title-case words."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en_GB" / "LC_MESSAGES"


def po_entries() -> dict[str, str]:
    text = (CATALOGUE / "django.po").read_text()
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.MULTILINE)
    return dict(pairs)


def test_the_committed_mo_file_is_the_po_file_compiled():
    """Run ``make messages`` after changing django.po."""
    with open(CATALOGUE / "django.mo", "rb") as file:
        compiled = gettext.GNUTranslations(file)
    entries = po_entries()
    assert entries, "no entries read from django.po"
    for msgid, msgstr in entries.items():
        assert compiled.gettext(msgid) == msgstr, msgid
        assert msgstr == msgid[:1] + msgid[1:].lower()  # sentence case, nothing else changed


@pytest.mark.parametrize(
    ("url", "wanted", "unwanted"),
    [
        ("/accounts/login/", ["Sign in"], ["Sign In", "Sign Up"]),
        ("/accounts/signup/", ["Sign up"], ["Sign Up"]),
        ("/accounts/password/reset/", ["Password reset", "Reset my password"], ["Password Reset"]),
    ],
)
def test_account_pages_are_in_sentence_case(anon_client, url, wanted, unwanted):
    page = anon_client.get(url).content.decode()
    for words in wanted:
        assert words in page
    for words in unwanted:
        assert words not in page


def test_signed_in_account_pages_are_in_sentence_case(user_client):
    page = user_client.get("/accounts/password/change/").content.decode()
    assert "Change password" in page and "Change Password" not in page
    assert "Current password" in page
    page = user_client.get("/accounts/logout/").content.decode()
    assert "Sign out" in page and "Sign Out" not in page
