"""Who may change the action plan: the policy team, with two factors (as
``PolicyTeamRequiredMixin`` enforces on every page that changes it)."""

from allauth.mfa.utils import is_mfa_enabled

from councils.permissions import is_policy_team


def can_manage_plan(user) -> bool:
    if not is_policy_team(user):
        return False
    cached = getattr(user, "_can_manage_plan", None)
    if cached is None:
        cached = user._can_manage_plan = is_mfa_enabled(user)
    return cached
