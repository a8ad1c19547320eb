"""How the portal uses allauth: who may sign up, who may confirm an address, and one lock-out
for every password check.

- An address is proved by its owner: a new address for an existing account (changing it) is
  confirmed only by that account, signed in, opening the link sent to it. Whoever else holds
  the link (the owner of a mistyped address) cannot confirm it, so it never gives access to the
  account, its emails or its data. The address given at sign-up is confirmed by the link alone,
  as allauth does (the account cannot be used before).
- Every place that checks a password (log-in, reauthentication, closing the account, changing
  the password) counts wrong passwords towards the same lock-out, allauth's ``login_failed``
  rate limit on the address (``ACCOUNT_RATE_LIMITS``), kept in the security store (settings
  ``CACHES["default"]``).
"""

import re

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit  # as allauth's own log-in does: usage to roll back
from django.conf import settings
from django.contrib import messages
from django.shortcuts import resolve_url
from django.utils.http import urlencode

from .hooks import next_step

CONFIRM_SIGNED_IN = (
    "Sign in to your account, then open the link in the email again to confirm your new "
    "email address. Only you can confirm it, while signed in."
)


def is_address_change(email_address) -> bool:
    """True when ``email_address`` (an allauth ``EmailAddress``) is not the account's own
    address (``User.email``, the address it signed up with or last confirmed), i.e. it would
    replace it."""
    return email_address.email.lower() != (email_address.user.email or "").lower()


UNITS = {"s": ("second", 1), "m": ("minute", 60), "h": ("hour", 3600), "d": ("day", 86400)}


def lockout_wait(*actions: str) -> str:
    """How long someone paused by a rate limit waits at most, in words ("5 minutes"): the
    longest window of ``settings.ACCOUNT_RATE_LIMITS`` for ``actions`` (every action if none
    is named). The rates use allauth's syntax, "10/m/ip,5/5m/key" (amount/period/per)."""
    limits = settings.ACCOUNT_RATE_LIMITS or {}
    seconds = 0
    for action in actions or limits:
        for rate in (limits.get(action) or "").split(","):
            parts = rate.strip().split("/")
            match = re.fullmatch(r"(\d*(?:\.\d+)?)([smhd])", parts[1]) if len(parts) > 1 else None
            if match:
                seconds = max(seconds, float(match[1] or 1) * UNITS[match[2]][1])
    seconds = max(int(seconds), 60)
    for _unit, (name, size) in sorted(UNITS.items(), key=lambda item: -item[1][1]):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {name}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"  # pragma: no cover (every whole number of seconds divides)


class AccountAdapter(DefaultAccountAdapter):
    """Anyone may sign up; an account alone grants no power over any council. The lock-out
    after failed log-ins says how long to wait."""

    def __init__(self, request=None):
        super().__init__(request)
        self.error_messages = {
            **self.error_messages,
            "too_many_login_attempts": (
                "There have been too many failed attempts to sign in to this account. Wait "
                f"{lockout_wait('login_failed')}, then try again, or reset your password."
            ),
        }

    def is_open_for_signup(self, request):
        return True

    def confirm_email(self, request, email_address) -> bool:
        """Mark ``email_address`` verified, unless it would replace the account's address and
        the request is not from that account, signed in: then nothing changes and the person
        is asked to sign in first. Returns whether it was verified."""
        if is_address_change(email_address) and not (
            request.user.is_authenticated and request.user.pk == email_address.user_id
        ):
            messages.error(request, CONFIRM_SIGNED_IN)
            return False
        return super().confirm_email(request, email_address)

    def password_check(self, request, *, user, password: str) -> bool:
        """Whether ``password`` is ``user``'s, counted like a log-in: a wrong one counts towards
        the lock-out of the account's address, and a locked-out address is refused with
        allauth's "too many attempts" ``ValidationError`` before the password is looked at.
        A right password takes back its count, as a successful log-in does."""
        key = self._get_login_attempts_cache_key(request, email=user.email)
        usage = ratelimit.consume(request, app="allauth.account", action="login_failed", key=key)
        if not usage:
            raise self.validation_error("too_many_login_attempts")
        if user.check_password(password):
            usage.rollback()
            return True
        return False

    def get_signup_redirect_url(self, request) -> str:
        """Where a new user lands once signed up and verified (also when the verification
        link logs them in): the next step, not the home page."""
        return next_step()[1]

    def get_email_verification_redirect_url(self, email_address) -> str:
        """Where the verification link leads (a ``next`` parameter still wins): the next step,
        not the home page; by way of signing in when opened in a browser not signed in."""
        if self.request.user.is_authenticated:
            return next_step()[1]
        # Opened in another browser (not signed in): sign in, then the next step.
        return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_step()[1]})}"
