"""Who may do what: the portal's roles and the named rules that views, templates, querysets,
the admin and the permission matrix (``tests/permission_rules.py``) all ask. No other module
decides who may do what.

Roles:
- anyone, without an account: reads every public page;
- a user with an account: may ask to act for a council, and withdraw their own request;
- a clerk: a user confirmed to act for one or more councils (clerk, deputy clerk or chair);
- the policy team: members of the "Policy team" group (and superusers) WITH two factors set up,
  who run the portal. A member without two factors is only shown the way to the policy team's
  pages, where they are asked to set up two factors first;
- the back office (the Django admin): active staff with two factors; which records they may
  read there are Django's model permissions, given to the group in ``charter_portal.roles``.

The rules are predicates of the ``rules`` library (django-rules), registered by name in its
shared rule set (``rules.add_rule``), so that a template asks the same rule as a view:

    may(request.user, "council.correct", council)                       # Python
    {% load rules %}{% test_rule "council.correct" request.user council as can_correct %}

They are deliberately not Django permissions (``rules.add_perm`` and its authentication
backend): Django's ``User.has_perm`` answers True for any active superuser before it asks a
backend, which would let a superuser without two factors past the policy team's rule.

This module sits in ``councils`` because it is the lowest floor that knows every fact the rules
need (the group, two factors, who acts for which council); the rules of the higher apps (the
action plan, the partnerships register) are named here too, as strings, so that the whole
policy reads in one table (``RULES``) and nothing imports upwards.
"""

import rules
from allauth.mfa.utils import is_mfa_enabled
from django.db.models import QuerySet

from .models import Council, CouncilRole

POLICY_TEAM_GROUP = "Policy team"


# --- Predicates: facts about a user (and an object) -------------------------------------------


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def is_policy_team_member(user) -> bool:
    """In the policy team's group, or a superuser, and active, WITH OR WITHOUT two factors.
    Only for showing the way to the policy team's pages; every right of the team is
    ``is_policy_team``. Cached on the user object (one query a request)."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_policy_team_member", None)
    if cached is None:
        cached = user._is_policy_team_member = user.groups.filter(name=POLICY_TEAM_GROUP).exists()
    return cached


@rules.predicate
def has_two_factors(user) -> bool:
    """Two-factor authentication is set up (an allauth authenticator: TOTP or recovery codes).
    Cached on the user object (one query a request)."""
    if not _signed_in(user):
        return False
    cached = getattr(user, "_has_two_factors", None)
    if cached is None:
        cached = user._has_two_factors = is_mfa_enabled(user)
    return cached


@rules.predicate
def is_back_office_staff(user) -> bool:
    """Active staff (``is_staff``): Django's own test for entering the admin."""
    return _signed_in(user) and user.is_staff


@rules.predicate
def acts_for_council(user, council) -> bool:
    """Confirmed to act for ``council`` (a ``Council``) as its clerk, deputy clerk or chair."""
    if not _signed_in(user) or council is None:
        return False
    return councils_acted_for(user).filter(pk=council.pk).exists()


@rules.predicate
def made_the_request(user, role) -> bool:
    """``role`` (a ``CouncilRole``) is this user's own request, still waiting for a decision."""
    if not _signed_in(user) or role is None:
        return False
    return role.user_id == user.pk and role.status == CouncilRole.Status.PENDING


is_policy_team = is_policy_team_member & has_two_factors


# --- The named rules: what each role may do ----------------------------------------------------

RULES = {
    # The policy team's pages (``PolicyTeamRequiredMixin``): dashboard, clerks, invitations,
    # progress, charter versions, the data licence, the action plan's and the register's pages.
    "policy_team": is_policy_team,
    # The "Policy team" link in the header: members without two factors too, as the link leads
    # them to set up two factors.
    "policy_team.see_link": is_policy_team_member,
    # A council's page: the link to correct its register entry, and its recent changes.
    "council.correct": is_policy_team,
    "council.see_history": is_policy_team,
    # A council's own pages (sign, report progress, its clerks): the council in the address.
    "council.act_for": acts_for_council,
    # Withdraw a request to act for a council: the person who made it, while it waits.
    "council_role.withdraw": made_the_request,
    # The action plan: manage it, and see the items not on the public plan.
    "action_plan.manage": is_policy_team,
    # The partnerships register: manage it, and see what is not published.
    "partnerships.manage": is_policy_team,
    # Consultations on a draft: open and manage them, and see those not yet open.
    "consultations.manage": is_policy_team,
    # The toolkit: write resources and county services, and see drafts.
    "toolkit.manage": is_policy_team,
    # The back office (the Django admin): staff, with two factors.
    "back_office": is_back_office_staff & has_two_factors,
}

for _name, _predicate in RULES.items():
    rules.set_rule(_name, _predicate)


def may(user, rule: str, obj=None) -> bool:
    """Whether ``user`` (a user, or an anonymous user) may do what the named ``rule`` (a key of
    ``RULES``) allows, for ``obj`` (the council, role, ... the rule names; None for rules about
    the user alone). Raises ``KeyError`` for a name not in ``RULES`` (a typo must never quietly
    refuse, or quietly allow)."""
    if rule not in RULES:
        raise KeyError(f"no rule named {rule!r}: one of {sorted(RULES)}")
    return rules.test_rule(rule, user, obj)


# How a page of the policy team refuses someone: what ``policy_team_refusal`` returns.
LOG_IN = "log-in"
SET_UP_TWO_FACTORS = "set-up-two-factors"
FORBIDDEN = "forbidden"


def policy_team_refusal(user) -> str | None:
    """None when ``user`` may use the policy team's pages; otherwise how they are refused:
    ``LOG_IN`` (not signed in), ``SET_UP_TWO_FACTORS`` (a member without two factors, sent to set
    them up) or ``FORBIDDEN`` (anyone else: a 403)."""
    if not _signed_in(user):
        return LOG_IN
    if may(user, "policy_team"):
        return None
    if may(user, "policy_team.see_link"):
        return SET_UP_TWO_FACTORS
    return FORBIDDEN


# --- Querysets scoped by the same facts ----------------------------------------------------------


def councils_acted_for(user) -> QuerySet[Council]:
    """The councils this user is confirmed to act for (none for anyone else): the queryset a
    clerk's pages find their council in, so that another council's slug is a 404."""
    if not _signed_in(user):
        return Council.objects.none()
    return Council.objects.filter(
        roles__user=user, roles__status=CouncilRole.Status.CONFIRMED
    ).distinct()


def can_act_for(user, council) -> bool:
    """The rule "council.act_for" (kept for callers that ask it by this name)."""
    return may(user, "council.act_for", council)


def is_clerk(user) -> bool:
    """Confirmed to act for at least one council."""
    return councils_acted_for(user).exists()
