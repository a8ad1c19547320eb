"""Template tags of the accounts pages."""

from django import template

from accounts.adapter import is_address_change, lockout_wait

register = template.Library()


@register.simple_tag
def rate_limit_wait(*actions) -> str:
    """How long a paused visitor waits at most ("5 minutes"), from ACCOUNT_RATE_LIMITS."""
    return lockout_wait(*actions)


@register.filter
def waits_for_its_owner(email_address, user) -> bool:
    """Whether ``email_address`` (allauth ``EmailAddress``) would replace an account's address
    and ``user`` (the request's user) is not that account signed in: then only its owner,
    signed in, may confirm it (``AccountAdapter.confirm_email``), and the confirmation page
    offers signing in instead of a button that could not work."""
    return is_address_change(email_address) and not (
        user.is_authenticated and user.pk == email_address.user_id
    )
