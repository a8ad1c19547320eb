import re

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

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
