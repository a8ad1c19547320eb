"""The portal's URLs plus views that fail the way a database outage makes them fail, for the
tests of charter_portal/middleware.py."""

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.urls import path

from charter_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from charter_portal.urls import urlpatterns as portal_urlpatterns


@login_not_required
def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


@login_not_required
def connection_closed(request):
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError as error:
        raise RuntimeError("could not build the page") from error


@login_not_required
def bug(request):
    raise RuntimeError("a bug, not an outage")


@login_not_required
def session_written(request):
    request.session["answers"] = {"minute_reference": "Minute 45/26"}
    return HttpResponse("kept in the session")


@login_not_required
def session_written_then_database_down(request):
    request.session["answers"] = {"minute_reference": "Minute 45/26"}
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("test/database-down/", database_down),
    path("test/connection-closed/", connection_closed),
    path("test/bug/", bug),
    path("test/session-written/", session_written),
    path("test/session-written-then-down/", session_written_then_database_down),
    *portal_urlpatterns,
]
