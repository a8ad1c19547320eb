from django.urls import NoReverseMatch, reverse

from councils.permissions import is_policy_team

# (label, URL name, namespaces that make it the current item). Account items come after.
PUBLIC_NAV = [
    ("The charter", "commitments:charter", {"commitments"}),
    ("Signatories", "councils:directory", {"councils"}),
    ("Progress", "councils:progress-overview", {"progress"}),
    ("Action plan", "actions:plan", {"actions"}),
]


def _nav(request):
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    items = list(PUBLIC_NAV)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append(("Your councils", "councils:my-councils", {"clerks"}))
        if is_policy_team(user):
            items.append(("Policy team", "policy-dashboard", {"policy"}))
        items.append(("Sign out", "account_logout", set()))
    else:
        items.append(("Sign in", "account_login", set()))
    nav = []
    for label, name, namespaces in items:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # a part of the portal not installed in this build
        nav.append({"label": label, "url": url, "active": namespace in namespaces})
    return nav


def portal(request):
    return {"nav_items": _nav(request)}
