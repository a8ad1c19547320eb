"""Nothing typed is lost when a session ends (WCAG 2.2.5, re-authenticating).

A person whose session ended while they filled in a form sends it signed out. The log-in check
(``accounts.session_limits.LoginRequiredMiddleware``) keeps what they sent (``unsent_keep``) in
the new session, and sends them to sign in. Once they are signed in again, the form they were
on (a view with ``UnsentFormMixin``) shows it back, bound, to check and send again: it is never
sent for them. Kept for an hour, for that address only, once. Never kept: passwords, the CSRF
token, files (the message asks for them again), a form larger than ``MAX_BYTES`` in all (field
names included, as the session stores it: an anonymous POST of many long names must not fill
the sessions table).

The ended session cannot say whose it was, so what is kept is shown to whoever signs in next in
that browser within the hour, if they may open that form (another clerk of the same council,
say): text that was on that screen already. The hour is what bounds it.
"""

import json
import time

from django.contrib import messages
from django.http import QueryDict

SESSION_KEY = "portal_unsent"
KEEP_SECONDS = 60 * 60
# The largest form kept, as stored in the session (JSON, names and values): 100 KB holds any
# form of the portal several times over (the longest text fields allow a few thousand
# characters).
MAX_BYTES = 100_000
NOT_KEPT = {"csrfmiddlewaretoken"}


def unsent_keep(request) -> bool:
    """Keep what this signed-out POST sent, for its address. False if there was nothing to
    keep, or if what would be stored (``{"path", "data": {name: [values]}, ...}`` as JSON,
    field names included) is over ``MAX_BYTES``."""
    data = {
        name: request.POST.getlist(name)
        for name in request.POST
        if name not in NOT_KEPT and "password" not in name.lower()
    }
    if not data:
        return False
    kept = {
        "path": request.path,
        "data": data,
        "at": int(time.time()),
        "had_files": bool(request.FILES),
    }
    if len(json.dumps(kept).encode()) > MAX_BYTES:
        return False
    request.session[SESSION_KEY] = kept
    return True


def unsent_take(request) -> QueryDict | None:
    """What was kept for this address (and forget it), or None."""
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    if time.time() - kept.get("at", 0) > KEEP_SECONDS:
        return None
    data = QueryDict(mutable=True)
    for name, values in kept.get("data", {}).items():
        data.setlist(name, values)
    if kept.get("had_files"):
        messages.info(request, "Files are not kept: choose the file again before you send.")
    return data


class UnsentFormMixin:
    """On a ``FormView``: after signing in again, the form is bound to what was sent when the
    session had ended, with a message to check it and send it again."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and self.request.user.is_authenticated:
            if not hasattr(self, "_unsent"):
                self._unsent = unsent_take(self.request)
                if self._unsent is not None:
                    messages.info(
                        self.request,
                        "This is what you typed before you were signed out. It has not been "
                        "sent: check it, then send it again.",
                    )
            if self._unsent is not None:
                kwargs["data"] = self._unsent
        return kwargs
