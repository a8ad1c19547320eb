"""The named rules of councils/permissions.py: each role against each rule, and the pages that
show the policy team's content or links only to the policy team WITH two factors."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin import site
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from councils import permissions
from councils.models import CouncilRole
from councils.permissions import RULES, may, policy_team_refusal
from councils.services.register import council_correct
from tests.conftest import _client_for
from tests.factories import (
    ActionItemFactory,
    AdminFactory,
    CouncilFactory,
    CouncilRoleFactory,
    MeetingFactory,
    PartnershipFactory,
    PolicyOfficerFactory,
    RiskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(council):
    """One user for each role the rules tell apart."""
    return {
        "anon": AnonymousUser(),
        "user": UserFactory(),
        "clerk": CouncilRoleFactory(council=council).user,
        "other_clerk": CouncilRoleFactory(council=CouncilFactory()).user,
        "requester": CouncilRoleFactory(
            council=council, status=CouncilRole.Status.PENDING, decided_at=None
        ).user,
        "member_without_two_factors": PolicyOfficerFactory(policy_team=False),
        "superuser_without_two_factors": AdminFactory(policy_team=False),
        "staff_with_two_factors_not_in_team": _staff_with_two_factors(),
        "policy": PolicyOfficerFactory(),
        "admin": AdminFactory(),
    }


def _staff_with_two_factors():
    user = PolicyOfficerFactory()
    user.groups.clear()
    return user


POLICY = {"policy", "admin"}
EXPECTED = {
    "policy_team": POLICY,
    "policy_team.see_link": POLICY
    | {"member_without_two_factors", "superuser_without_two_factors"},
    "council.correct": POLICY,
    "council.see_history": POLICY,
    "council.act_for": {"clerk"},
    "council_role.withdraw": {"requester"},
    "action_plan.manage": POLICY,
    "partnerships.manage": POLICY,
    "consultations.manage": POLICY,
    "toolkit.manage": POLICY,
    "back_office": POLICY | {"staff_with_two_factors_not_in_team"},
}


def test_every_rule_has_its_expected_roles():
    assert set(EXPECTED) == set(RULES)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_each_role_may_do_what_its_rule_says(people, council, rule):
    obj = None
    if rule == "council.act_for":
        obj = council
    elif rule == "council_role.withdraw":
        obj = CouncilRole.objects.get(user=people["requester"])
    allowed = {role for role, user in people.items() if may(user, rule, obj)}
    assert allowed == EXPECTED[rule]


def test_two_factors_are_part_of_the_policy_team_rule_for_a_superuser_too(people):
    # Django's User.has_perm answers True for any active superuser: the rules must not.
    assert people["superuser_without_two_factors"].has_perm("councils.anything")
    assert not may(people["superuser_without_two_factors"], "policy_team")


def test_an_unknown_rule_is_an_error_not_a_refusal(people):
    with pytest.raises(KeyError, match="no rule named 'council.corect'"):
        may(people["policy"], "council.corect")


def test_how_the_policy_team_s_pages_refuse_each_role(people):
    refusals = {role: policy_team_refusal(user) for role, user in people.items()}
    assert refusals == {
        "anon": permissions.LOG_IN,
        "user": permissions.FORBIDDEN,
        "clerk": permissions.FORBIDDEN,
        "other_clerk": permissions.FORBIDDEN,
        "requester": permissions.FORBIDDEN,
        "member_without_two_factors": permissions.SET_UP_TWO_FACTORS,
        "superuser_without_two_factors": permissions.SET_UP_TWO_FACTORS,
        "staff_with_two_factors_not_in_team": permissions.FORBIDDEN,
        "policy": None,
        "admin": None,
    }


def test_every_rule_a_template_asks_exists():
    """``{% test_rule %}`` (django-rules) refuses a name it does not know without a word: a
    typo in a template would hide a link from the policy team for ever."""
    asked = set()
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            asked |= set(re.findall(r"""{%\s*test_rule\s+["']([^"']+)["']""", path.read_text()))
    assert asked, "no template asks a rule: has the pattern changed?"
    assert asked <= set(RULES), f"templates ask rules that do not exist: {asked - set(RULES)}"


def test_the_back_office_asks_the_same_rule(people):
    import charter_portal.urls  # noqa: F401 (sets the admin site's rule, as serving does)

    request = RequestFactory().get("/admin/")
    for role, user in people.items():
        request.user = user
        assert site.has_permission(request) == may(user, "back_office"), role


# --- Pages: the policy team's content and links, only with two factors -------------------------


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_council_page_hides_its_history_from_a_member_without_two_factors(council):
    """The register history and the link to correct a council are the policy team's: a member
    of the team who has not set up two factors sees neither (they used to see both)."""
    member = PolicyOfficerFactory(policy_team=False)
    council_correct(council=council, data={"website": "https://a.example.org/"}, user=member)
    for user in (member, AdminFactory(policy_team=False)):
        html = _html(_client_for(user), council.get_absolute_url())
        assert "Recent changes to the register entry" not in html
        assert "Only the policy team sees this" not in html
        assert reverse("councils:correct", args=[council.slug]) not in html
    html = _html(_client_for(PolicyOfficerFactory()), council.get_absolute_url())
    assert "Recent changes to the register entry" in html
    assert reverse("councils:correct", args=[council.slug]) in html


@pytest.fixture
def register_pages(charter, council):
    """Every public page that shows the policy team more (its links, what is not published)."""
    item = ActionItemFactory(title="Public action")
    partnership = PartnershipFactory(name="Safer Oxfordshire", member_councils=[council])
    RiskFactory(partnership=partnership, title="A risk not published")
    meeting = MeetingFactory()
    return [
        council.get_absolute_url(),
        reverse("actions:plan"),
        item.get_absolute_url(),
        reverse("partnerships:list"),
        partnership.get_absolute_url(),
        reverse("partnerships:meetings"),
        reverse("partnerships:meeting", args=[meeting.pk]),
        reverse("partnerships:scrutiny"),
        reverse("partnerships:reports"),
    ]


POLICY_ONLY = ["(policy team)", "Only the policy team", "Correct these details", "Not public"]


def test_no_public_page_shows_the_policy_team_s_content_without_two_factors(register_pages):
    member = _client_for(PolicyOfficerFactory(policy_team=False))
    policy = _client_for(PolicyOfficerFactory())
    seen_by_policy = set()
    for url in register_pages:
        html = _html(member, url)
        shown = [marker for marker in POLICY_ONLY if marker in html]
        assert not shown, f"{url} shows {shown} to a member without two factors"
        policy_html = _html(policy, url)
        seen_by_policy |= {marker for marker in POLICY_ONLY if marker in policy_html}
    # The markers are real: the policy team, with two factors, sees each of them somewhere.
    assert seen_by_policy == set(POLICY_ONLY)


def test_a_member_without_two_factors_is_shown_the_way_to_set_them_up(db):
    member = _client_for(PolicyOfficerFactory(policy_team=False))
    html = _html(member, reverse("home"))
    assert f'href="{reverse("policy-dashboard")}"' in html  # the "Policy team" link
    response = member.get(reverse("policy-dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
