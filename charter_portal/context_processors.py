from django.conf import settings
from django.urls import NoReverseMatch, reverse

from accounts.session_limits import session_seconds_left
from councils.permissions import may

# (label, URL name, which pages make it the current item: (namespace, URL name prefixes)).
PUBLIC_NAV = [
    ("The charter", "commitments:charter", ("commitments", ("",))),
    ("Signatories", "councils:directory", ("councils", ("directory", "signatories", "detail"))),
    ("Progress", "councils:progress-overview", ("councils", ("progress", "what-councils-did"))),
    ("Action plan", "actions:plan", ("actions", ("plan", "download", "feed", "detail"))),
    ("Toolkit", "toolkit:list", ("toolkit", ("list", "resource", "signatory", "services"))),
]
CLERK_PAGES = (
    "my-councils",
    "role-",
    "council-clerk",
    "sign",
    "signature-",
    "progress-tasks",
    "progress-report",
)


def _is_current(match, rule) -> bool:
    if match is None or rule is None:
        return False
    namespace, prefixes = rule
    return match.namespace == namespace and match.url_name.startswith(prefixes)


def _nav(request):
    match = getattr(request, "resolver_match", None)
    items = list(PUBLIC_NAV)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append(("Your councils", "councils:my-councils", ("councils", CLERK_PAGES)))
        if may(user, "policy_team.see_link"):
            items.append(("Policy team", "policy-dashboard", None))
        items.append(("Sign out", "account_logout", None))
    else:
        items.append(("Sign in", "account_login", None))
    nav = []
    for label, name, _rule in items:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # a part of the portal not installed in this build
        nav.append({"label": label, "url": url, "active": url == request.path})
    # One current item: the most specific rule that matches this page.
    current = [i for i, (*_, rule) in enumerate(items) if _is_current(match, rule)]
    if current and not any(item["active"] for item in nav):
        label = items[current[-1]][0]
        for item in nav:
            item["active"] = item["label"] == label
    return nav


def _session_warning(request):
    """For a signed-in person: when the warning before sign-out is due (accounts/session_limits)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return {
        "seconds_left": session_seconds_left(request.session),
        "warn_before": settings.PORTAL_SESSION_WARNING_SECONDS,
        "next": request.get_full_path(),
    }


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""  # a part of the portal not installed in this build


def portal(request):
    return {
        "nav_items": _nav(request),
        "session_warning": _session_warning(request),
        # The guide "How to become a signatory" (toolkit), linked from the charter's and the
        # signing pages, which sit on lower floors and cannot name the toolkit's URLs.
        "signatory_guide_url": _url("toolkit:signatory-guide"),
    }
