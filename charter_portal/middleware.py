"""The portal when its database is down (issue 9): a clear "service unavailable" page (HTTP 503,
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
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader

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
