"""Middleware of the portal's own: the database unavailable, and bad requests refused early.

The portal when its database is down: a clear "service unavailable" page (HTTP 503,
``Retry-After``) instead of a 500, rendered without touching the database, and nothing to
restart when the database is back (``CONN_HEALTH_CHECKS`` replaces the broken connections).

A database error can surface in two places:

- in the view (most pages): ``process_exception`` answers the 503 page straight away, and the
  response goes out through the other middleware; ``SessionMiddleware`` saves no session on a
  5xx response, so nothing else tries the database;
- in another middleware (loading a signed-in user's session, saving it after the view): Django
  turns the exception into a 500 response at that layer, before any outer middleware sees it.
  The ``got_request_exception`` signal marks the request, and this middleware, first in
  ``MIDDLEWARE``, swaps the 500 for the 503 page, keeping the security headers the inner
  layers set.
"""

import logging
import re
import sys
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_MARK = "_portal_database_unavailable"
_NOT_COPIED = {"content-type", "content-length", "retry-after", "cache-control"}


def is_database_unavailable(exception: BaseException | None) -> bool:
    """The exception, or one it was raised from or during, says the database cannot be used."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def service_unavailable_response() -> HttpResponse:
    """The 503 page, rendered WITHOUT the request: no context processor, no session, no user,
    nothing that needs the database."""
    html = loader.get_template("503.html").render(
        {
            "page_title": "Sorry, the service is unavailable",
            "policy_team_email": settings.POLICY_TEAM_EMAIL,
        }
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@receiver(got_request_exception, dispatch_uid="portal-database-unavailable")
def _mark_database_unavailable(sender, request=None, **kwargs):
    if request is not None and is_database_unavailable(sys.exception()):
        setattr(request, _MARK, True)


class DatabaseUnavailableMiddleware:
    """First in ``MIDDLEWARE``: see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _MARK, False) and response.status_code >= 500:
            logger.warning("Database unavailable: %s %s answered 503", request.method, request.path)
            unavailable = service_unavailable_response()
            for header, value in response.headers.items():
                if header.lower() not in _NOT_COPIED:
                    unavailable.headers[header] = value
            return unavailable
        return response

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning(
            "Database unavailable: %s %s answered 503 (%s: %s)",
            request.method,
            request.path,
            type(exception).__name__,
            exception,
        )
        return service_unavailable_response()


# --- Bad input refused before anything reads it ----------------------------------------------

# C0 and C1 control characters and DEL: no address or query of the portal holds one, and
# PostgreSQL refuses a NUL in any text it is given (a 500 if it reached a query).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_CHARACTER_REASON = (
    "The web address has a control character in it (such as a null or a line break), which no "
    "page of the portal uses. If you typed or pasted the address, check it."
)


def _has_control_characters(request) -> bool:
    if _CONTROL_CHARACTERS.search(request.path):
        return True
    query = request.META.get("QUERY_STRING", "")
    return bool(query) and bool(_CONTROL_CHARACTERS.search(unquote_plus(query, errors="replace")))


def _content_length(request) -> int | None:
    """The declared length of the body in bytes; None if absent; -1 if it is not a number."""
    value = request.META.get("CONTENT_LENGTH") or ""
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        return -1


def request_too_large_response(request) -> HttpResponse:
    """The 413 page: says the limit, and that nothing was saved."""
    return render(
        request,
        "413.html",
        {
            "page_title": "What you sent is too large",
            "limit_bytes": settings.PORTAL_MAX_REQUEST_BYTES,
        },
        status=413,
    )


class RequestLimitsMiddleware:
    """Refuses, before sessions, the page cache, URL resolution or any view sees the request:

    - an address or query string with a control character (NUL, newline, escape, ...): a 400
      page, never a 500 from the database;
    - a body larger than ``settings.PORTAL_MAX_REQUEST_BYTES`` (its ``Content-Length``): a 413
      page, before a byte of it is read (so before an upload is written to a temporary file);
      a ``Content-Length`` that is not a number is a 400. A body sent without a length (chunked)
      is never read by Django, so it cannot be stored either.

    In ``MIDDLEWARE`` after the security, frame and CSP middleware, so that the pages carry
    their headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_control_characters(request):
            logger.info("Refused: a control character in %r", request.get_full_path()[:200])
            return render(
                request,
                "400.html",
                {"page_title": "Bad request", "reason": CONTROL_CHARACTER_REASON},
                status=400,
            )
        length = _content_length(request)
        if length is not None and length < 0:
            return render(request, "400.html", {"page_title": "Bad request"}, status=400)
        if length is not None and length > settings.PORTAL_MAX_REQUEST_BYTES:
            logger.info("Refused: a body of %d bytes to %s", length, request.path)
            return request_too_large_response(request)
        return self.get_response(request)


# --- Personal data kept out of shared and browser caches -------------------------------------


class PrivatePagesMiddleware:
    """Every response to a signed-in person gets ``Cache-Control: private, no-store``: their
    councils, the policy team's queues and dashboard, their data download, and any page that
    shows their name in the header, so that neither a proxy nor the browser's cache (on a
    shared computer in a council office, say) keeps a copy. Pages anyone may see but that show
    personal data without an account (a council's confirmation link) say so in their view.

    In ``MIDDLEWARE`` after ``AuthenticationMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
