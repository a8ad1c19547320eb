"""Checking the links councils publish on the portal (minutes of their resolutions, evidence of
their progress), weekly (settings ``PORTAL_SCHEDULES["link-checks"]``).

Each link is asked with HEAD, then GET when HEAD fails (many sites refuse HEAD), with a timeout
(``PORTAL_LINK_CHECK_TIMEOUT`` seconds) and a pause between requests
(``PORTAL_LINK_CHECK_DELAY`` seconds: polite to councils' small websites). A link shared by
several councils is asked once per run. What was found is a ``LinkCheck`` per council and link.
"""

import ipaddress
import logging
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ui.cache import COUNCILS, pages_changed

from ..models import LinkCheck, ProgressReport, Signature

logger = logging.getLogger(__name__)

USER_AGENT = "OxfordshireCouncilsCharter-LinkCheck/1.0 (+{site})"


@dataclass
class LinkRun:
    checked: int = 0  # distinct links asked
    working: int = 0
    broken: int = 0


def _private_address(host: str) -> bool:
    """Whether ``host`` resolves to an address of our own networks (loopback, private,
    link-local such as a cloud's metadata service): a link a clerk typed must never make the
    portal probe them. Allowed by ``PORTAL_LINK_CHECK_ALLOW_PRIVATE`` (tests' local server)."""
    if settings.PORTAL_LINK_CHECK_ALLOW_PRIVATE:
        return False
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # the request itself will say it cannot be reached
    return any(not ipaddress.ip_address(info[4][0].split("%")[0]).is_global for info in infos)


def link_ask(url: str) -> str:
    """Empty when ``url`` answers with a status below 400 (redirects followed), to HEAD or
    else to GET; otherwise what went wrong ("HTTP 404", "timed out", ...), at most 300
    characters."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not a web address"
    if _private_address(parts.hostname):
        return "not a public address"
    headers = {"User-Agent": USER_AGENT.format(site=settings.SITE_URL)}
    error = ""
    for method in ("HEAD", "GET"):
        # http(s) only, checked above.
        request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
        try:
            timeout = settings.PORTAL_LINK_CHECK_TIMEOUT
            with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310
                return ""
        except urllib.error.HTTPError as failure:
            error = f"HTTP {failure.code}"
        except (urllib.error.URLError, OSError, ValueError) as failure:
            reason = getattr(failure, "reason", failure)
            error = str(reason) or type(reason).__name__
    return error[:300]


def council_links() -> dict[str, set[int]]:
    """Every link to check: {url: ids of the councils that publish it}, from the standing
    signatures' minutes and every progress report's evidence."""
    links: dict[str, set[int]] = {}
    for council_id, url in Signature.objects.exclude(minutes_url="").values_list(
        "council_id", "minutes_url"
    ):
        links.setdefault(url, set()).add(council_id)
    for council_id, urls in ProgressReport.objects.exclude(evidence_links=[]).values_list(
        "council_id", "evidence_links"
    ):
        for url in urls or []:
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                links.setdefault(url, set()).add(council_id)
    return links


@transaction.atomic
def link_check_record(*, council_ids, url: str, error: str, now=None) -> None:
    """Record one check of ``url`` for each of ``council_ids``: working (``error`` empty) or
    not; the public pages are stale when a link's standing there changes."""
    now = now or timezone.now()
    for council_id in council_ids:
        check, _ = LinkCheck.objects.select_for_update().get_or_create(
            council_id=council_id, url=url, defaults={"last_checked_at": now}
        )
        was_public = check.failures >= LinkCheck.PUBLIC_AFTER
        check.last_checked_at = now
        if error:
            check.failures += 1
            check.failing_since = check.failing_since or now
            check.last_error = error
        else:
            check.failures, check.failing_since, check.last_error = 0, None, ""
            check.last_working_at = now
        check.save()
        if was_public != (check.failures >= LinkCheck.PUBLIC_AFTER):
            pages_changed(COUNCILS)


def link_batches(links: dict[str, set[int]]) -> list[list[tuple[str, list[int]]]]:
    """``links`` ({url: council ids}) in address order (a site's links together, asked one
    after the other with the polite pause), cut into batches of ``PORTAL_LINK_CHECK_BATCH``: one
    task each, so that no task holds a worker for long (at most the batch times the timeout
    and the pause)."""
    ordered = [(url, sorted(ids)) for url, ids in sorted(links.items())]
    size = max(settings.PORTAL_LINK_CHECK_BATCH, 1)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def links_check_batch(batch, *, now=None) -> LinkRun:
    """Ask each link of ``batch`` (``[(url, council ids)]``), politely, and record what was
    found. Returns the counts."""
    run = LinkRun()
    for number, (url, council_ids) in enumerate(batch):
        if number:
            time.sleep(settings.PORTAL_LINK_CHECK_DELAY)
        error = link_ask(url)
        link_check_record(council_ids=council_ids, url=url, error=error, now=now)
        run.checked += 1
        if error:
            run.broken += 1
            logger.info("Link not working: %s (%s)", url, error)
        else:
            run.working += 1
    return run


def link_checks_forget(links: dict[str, set[int]]) -> int:
    """Delete the checks of links no longer published (``links`` is what is). Returns how
    many."""
    published = {(c, url) for url, ids in links.items() for c in ids}
    stale = [
        pk
        for pk, council_id, url in LinkCheck.objects.values_list("pk", "council_id", "url")
        if (council_id, url) not in published
    ]
    return LinkCheck.objects.filter(pk__in=stale).delete()[0]


def links_check_all(*, now=None) -> LinkRun:
    """Ask every council link once, in this process (tests, a one-off run), and forget the
    checks of links no longer published. Returns the counts."""
    links = council_links()
    run = LinkRun()
    for batch in link_batches(links):
        done = links_check_batch(batch, now=now)
        run.checked += done.checked
        run.working += done.working
        run.broken += done.broken
    link_checks_forget(links)
    return run
