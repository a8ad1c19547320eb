"""How long a signed-in session lasts, and how a person stays signed in (WCAG 2.2.1).

- You are signed out after ``SESSION_COOKIE_AGE`` (8 hours) **without using the portal**: every
  request you make moves the limit on (``SessionActivityMiddleware``). The stored session is
  saved at most once every ``TOUCH_EVERY`` seconds, so reading pages costs no write.
- When you sign in you may choose "Keep me signed in on this device": the limit is then
  ``PORTAL_SESSION_REMEMBER_AGE`` (4 days, more than ten times the default: WCAG 2.2.1's
  "adjust", which works without JavaScript).
- With JavaScript, ``PORTAL_SESSION_WARNING_SECONDS`` (2 minutes) before the limit a dialog warns
  you and offers "Stay signed in" (WCAG 2.2.1's "extend"): a POST to ``accounts:session``, as often
  as you like. The same form works without JavaScript.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import middleware as auth_middleware
from django.urls import reverse

from ui.unsent import unsent_keep

SEEN_KEY = "_portal_seen"  # when the session was last moved on (Unix time, whole seconds)
TOUCH_EVERY = 5 * 60


def session_touch(session, *, force: bool = False) -> None:
    """Move the session's limit on from now, unless it was moved on in the last few minutes."""
    now = int(time.time())
    seen = session.get(SEEN_KEY)
    if force or not isinstance(seen, int) or now - seen >= TOUCH_EVERY:
        session[SEEN_KEY] = now  # modified: saved with a new expiry date, the cookie re-sent


def session_seconds_left(session) -> int:
    """Seconds until this session ends if its holder does nothing more."""
    seen = session.get(SEEN_KEY)
    if not isinstance(seen, int):
        return session.get_expiry_age()
    return max(0, seen + session.get_expiry_age() - int(time.time()))


def session_started(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the time starts now, however the person signed in."""
    session = getattr(request, "session", None)
    if session is not None:
        session_touch(session, force=True)


def session_remember(session) -> None:
    """ "Keep me signed in on this device": the longer limit, and a cookie that outlives the
    browser."""
    session.set_expiry(settings.PORTAL_SESSION_REMEMBER_AGE)
    session_touch(session, force=True)


class SessionActivityMiddleware:
    """After ``AuthenticationMiddleware``: a signed-in person's requests keep them signed in.

    Asking how long is left (``accounts:session`` by GET, as the warning's script does) does
    not count as using the portal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            asking = request.method == "GET" and request.path == reverse("accounts:session")
            if not asking:
                session_touch(request.session)
        return self.get_response(request)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's, and a form sent after the session ended is kept to be shown again once the
    person has signed in (``ui/unsent.py``): nothing typed is lost."""

    def handle_no_permission(self, request, view_func):
        if request.method == "POST" and unsent_keep(request):
            messages.info(
                request,
                "You were signed out, so what you sent has not been saved. Sign in again and "
                "it will be back in the form for you to check and send.",
            )
        return super().handle_no_permission(request, view_func)
