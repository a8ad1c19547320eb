"""Who may do what: the portal's roles and the rules that views scope their querysets with.

Roles:
- anyone, without an account: reads every public page;
- a user with an account: may ask to act for a council, nothing more;
- a clerk: a user confirmed to act for one or more councils (clerk, deputy clerk or chair);
- the policy team: members of the "Policy team" group, with two factors, who run the portal;
- admins: superusers, who also reach the Django admin back office.
"""

from django.db.models import QuerySet

from .models import Council, CouncilRole

POLICY_TEAM_GROUP = "Policy team"


def is_policy_team(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_policy_team", None)
    if cached is None:
        cached = user.groups.filter(name=POLICY_TEAM_GROUP).exists()
        user._is_policy_team = cached
    return cached


def councils_acted_for(user) -> QuerySet[Council]:
    """The councils this user is confirmed to act for (none for anyone else)."""
    if not user.is_authenticated or not user.is_active:
        return Council.objects.none()
    return Council.objects.filter(
        roles__user=user, roles__status=CouncilRole.Status.CONFIRMED
    ).distinct()


def can_act_for(user, council) -> bool:
    return councils_acted_for(user).filter(pk=council.pk).exists()


def is_clerk(user) -> bool:
    return councils_acted_for(user).exists()
