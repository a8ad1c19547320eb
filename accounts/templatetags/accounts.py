"""Template tags of the accounts pages."""

from django import template

from accounts.adapter import lockout_wait

register = template.Library()


@register.simple_tag
def rate_limit_wait(*actions) -> str:
    """How long a paused visitor waits at most ("5 minutes"), from ACCOUNT_RATE_LIMITS."""
    return lockout_wait(*actions)
