"""The one table of who may use which URL, and the data set the URLs are requested with.

``tests/test_permissions_matrix.py`` walks ``charter_portal.urls`` and requests every URL as each
role in ``ROLES`` with every method; ``tests/charter_portal/test_security.py`` finds the policy
team's pages and the public pages here too. A URL name with no entry in ``URLS`` (and no
``PREFIXES`` entry covering its route) fails the matrix: add a rule for it here.

How to read an entry: ``Rule(rule, ...)``

- ``rule``: one of the keys of ``ACCESS``, which says for each role whether it may use the page
  (``OK``) or how it is refused: ``LOGIN`` (302 to the log-in page), ``TWO_FACTORS`` (302 to set
  them up), 403 or 404. Where a page's access is one of the portal's named rules
  (``councils/permissions.py``), the entry names that rule (``Asks``) and ``access`` asks it for
  each role's user in the data set: the matrix never holds a second copy of who may do what.
- ``get``: the status a role that may use the page gets for GET (and HEAD): 200 unless given.
- ``post``: the status(es) that role gets for a POST of ``payload``: 405 for a page that only reads.
- ``writes``: the POST of ``payload`` by a role that may use the page changes the data. This
  makes the refusals real: the same payload, from a role that may not, must change nothing.
- ``kwargs``: the URL's keyword arguments where the defaults in ``KWARGS`` do not fit.

Most forms are written ``saves(rule, payload=...)``: a ``Rule`` whose POST saves and redirects.
"""

import contextlib
import datetime
import re
from dataclasses import dataclass, field
from operator import attrgetter
from types import SimpleNamespace

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from django.utils.regex_helper import normalize

# --- Roles ---------------------------------------------------------------------------------

ROLES = ["anon", "pending", "clerk_a", "clerk_b", "policy_no_2fa", "policy", "admin"]
ROLE_LABELS = {
    "anon": "anyone (not signed in)",
    "pending": "a user not yet confirmed for any council (a pending request for council A)",
    "clerk_a": "a clerk of council A",
    "clerk_b": "a clerk of council B",
    "policy_no_2fa": "a member of the policy team (and staff) who has not set up two factors",
    "policy": "the policy team (with two factors)",
    "admin": "an admin (superuser, with two factors)",
}

OK = "ok"
LOGIN = "login"
TWO_FACTORS = "two-factors"
NOT_FOUND = 404
FORBIDDEN = 403


@dataclass(frozen=True)
class Asks:
    """Access decided by a named rule of ``councils.permissions.RULES``: a role whose user the
    rule allows (for the object at ``obj``, a path in the data set) may use the page; anyone
    not signed in is sent to log in; any other role is ``refused``."""

    rule: str
    obj: str | None = None
    refused: object = NOT_FOUND


_signed_in = {role: OK for role in ROLES if role != "anon"}
ACCESS = {
    # Anyone reads it.
    "public": dict.fromkeys(ROLES, OK),
    # Anyone signed in.
    "account": {"anon": LOGIN, **_signed_in},
    # Only the user who made the request (the pending user's request): others 404.
    "owner": Asks("council_role.withdraw", obj="pending_role", refused=NOT_FOUND),
    # A confirmed clerk of the council in the address (council A): any other council's clerk,
    # and everyone else signed in (the policy team included), gets a 404.
    "clerk-of-council": Asks("council.act_for", obj="council_a", refused=NOT_FOUND),
    # The policy team with two factors (and admins): a member without two factors is sent to
    # set them up, others signed in get a 403 (``councils.permissions.policy_team_refusal``).
    "policy": Asks("policy_team", refused=FORBIDDEN),
    # The link emailed to a council's contact address: holding the token is the permission.
    "token": dict.fromkeys(ROLES, OK),
    # allauth's own pages (log-in, sign-up, email, password, two factors): checked as "never a
    # server error, and an empty POST changes nothing".
    "allauth": dict.fromkeys(ROLES, "allauth"),
    # The Django admin: staff only; every other role is sent to log in or refused, and changes
    # nothing; staff never get a server error.
    "admin-site": dict.fromkeys(ROLES, "admin-site"),
}


def role_may(d, role: str, rule: str, obj=None) -> bool:
    """Whether the named ``rule`` (``councils.permissions.RULES``) allows ``role``'s user in the
    data set ``d`` (anyone not signed in for "anon")."""
    from django.contrib.auth.models import AnonymousUser

    from councils.permissions import may

    return may(AnonymousUser() if role == "anon" else d.users[role], rule, obj)


def access(d, kind: str, role: str):
    """What ``role`` gets from a page whose access is ``kind`` (a key of ``ACCESS``): ``OK``, or
    how it is refused. Rules named by ``Asks`` are asked of the role's user in ``d``."""
    entry = ACCESS[kind]
    if isinstance(entry, dict):
        return entry[role]
    from councils import permissions

    if role == "anon":
        return LOGIN
    if entry.rule == "policy_team":  # the refusal the policy team's pages give, in three kinds
        return {
            None: OK,
            permissions.LOG_IN: LOGIN,
            permissions.SET_UP_TWO_FACTORS: TWO_FACTORS,
            permissions.FORBIDDEN: FORBIDDEN,
        }[permissions.policy_team_refusal(d.users[role])]
    obj = attrgetter(entry.obj)(d) if entry.obj else None
    return OK if role_may(d, role, entry.rule, obj) else entry.refused


@dataclass(frozen=True)
class Rule:
    rule: str
    get: int = 200
    post: int | frozenset = 405
    writes: bool = False
    kwargs: dict = field(default_factory=dict)
    payload: object = None  # callable(data) -> dict for the POST

    def __post_init__(self):
        assert self.rule in ACCESS, f"unknown rule {self.rule!r}: one of {sorted(ACCESS)}"

    @property
    def post_statuses(self) -> frozenset:
        return self.post if isinstance(self.post, frozenset) else frozenset({self.post})


# --- Payloads: what a role that may use a form posts (valid, so that it changes the data) -----
# (tests/test_hostile_input.py builds its hostile payloads from these too.)


def today() -> str:
    return timezone.localdate().isoformat()


def signature_fields(d) -> dict:
    return {
        "resolution_date": today(),
        "minute_reference": "Minute 99/26",
        "minutes_url": "https://example.org/minutes",
        "authorised_by_name": "Chair Person",
        "authorised_by_role": "Chair of the council",
    }


def action_fields(d) -> dict:
    return {
        "title": "Changed by the matrix",
        "description": "Changed",
        "commitments": [d.commitment.pk],
        "aims": [d.charter.aims.first().pk],
        "lead_council": "",
        "lead_partner": "A partner",
        "lead_officer_role": "Officer",
        "start_date": "2026-04-01",
        "due_date": "2026-12-31",
        "status": "on-track",
        "is_public": "on",
    }


def partnership_fields(d) -> dict:
    return {
        "name": "Changed by the matrix",
        "purpose": "Changed",
        "level": "thematic",
        "is_statutory": "on",
        "lead_council": d.council_a.pk,
        "member_councils": [d.council_a.pk],
        "commitments": [d.commitment.pk],
        "review_due_on": "2099-01-01",
    }


def risk_fields(d) -> dict:
    return {
        "title": "Changed by the matrix",
        "likelihood": "4",
        "impact": "4",
        "owner": "Partnership manager",
        "review_on": "2099-01-01",
        "is_public": "on",
    }


def meeting_fields(d) -> dict:
    return {
        "series": d.series.pk,
        "title": "Changed by the matrix",
        "date": "2099-01-14",
        "start_time": "10:00",
        "end_time": "12:00",
    }


def scrutiny_fields(d) -> dict:
    return {
        "title": "Changed by the matrix",
        "programme_year": "2026",
        "scope": "Governance",
        "partnerships": [d.partnership.pk],
        "starts_on": "2026-09-01",
        "ends_on": "2027-01-31",
    }


def resource_fields(d) -> dict:
    return {
        "title": "Changed by the matrix",
        "kind": "guide",
        "summary": "Changed",
        "body": "# Changed",
        "commitments": [d.commitment.pk],
        "council_kinds": ["parish"],
        "status": "published",
    }


def service_fields(d) -> dict:
    return {
        "name": "Changed by the matrix",
        "what_it_does": "Changed",
        "phone": "01865 792422",
    }


def _progress_upload(d) -> dict:
    period = d.period.label
    text = (
        "council,commitment,period,status,what_we_did,evidence_links,not_applicable_reason\n"
        f"{d.council_a.slug},{d.commitment.key},{period},embedded,Did it all,,\n"
    )
    return {"file": SimpleUploadedFile("reports.csv", text.encode(), content_type="text/csv")}


def _contacts_upload(d) -> dict:
    text = f"slug,contact_email\n{d.council_c.slug},new-clerk@example.org\n"
    return {"file": SimpleUploadedFile("contacts.csv", text.encode(), content_type="text/csv")}


def response_fields(d, *, send: bool) -> dict:
    data = {}
    for question in d.consultation.questions.all():
        data[f"q{question.pk}-choice"] = "partly"
        data[f"q{question.pk}-comment"] = "Changed by the matrix"
    data["send" if send else "draft"] = "1"
    return data


FORM = frozenset({200, 302})  # a form: 302 when saved, 200 when it shows an error


def saves(rule: str, payload=None, **options) -> Rule:
    """The entry of a form that changes the data: a POST of ``payload`` (callable(data) ->
    dict) by a role that may use it saves and redirects (302). ``options``: further ``Rule``
    fields (``kwargs``, ``get``)."""
    return Rule(rule, post=302, writes=True, payload=payload, **options)


def with_version(fields, name: str):
    """A payload for an edit form: ``fields(data)`` plus the ``version`` that the data set's
    object ``name`` (e.g. ``"risk"``) has now, as the form posts it (text), so that the save is
    no edit conflict."""
    return lambda d: {**fields(d), "version": str(getattr(d, name).version)}


# --- The table -------------------------------------------------------------------------------

URLS: dict[str, Rule] = {
    # The site's own pages.
    "home": Rule("public"),
    "accessibility": Rule("public"),
    "privacy": Rule("public"),
    "contact": Rule("public"),
    "health": Rule("public", post=200),  # a plain function: any method reads
    "ping": Rule("public", post=200),
    # The charter.
    "commitments:charter": Rule("public"),
    "commitments:version-list": Rule("public"),
    "commitments:version-compare": Rule("public"),
    "commitments:version-detail": Rule("public", kwargs={"number": "charter.number"}),
    "commitments:principle-detail": Rule("public", kwargs={"key": "principle.key"}),
    "commitments:commitment-detail": Rule("public"),
    # The signatories directory, downloads, feed and council pages.
    "councils:directory": Rule("public"),
    "councils:signatories-by-district": Rule("public"),
    "councils:directory-csv": Rule("public"),
    "councils:directory-json": Rule("public"),
    "councils:signatories-feed": Rule("public", post=200),  # a Feed answers any method
    "councils:detail": Rule("public"),
    # A council's badge and the certificate of its signature (recognition).
    "councils:badge": Rule("public"),
    "councils:certificate": Rule("public", kwargs={"number": "charter.number"}),
    # A council's meeting pack (page and Word document) and "What councils did".
    "councils:meeting-pack": Rule("public"),
    "councils:meeting-pack-docx": Rule("public"),
    "councils:what-councils-did": Rule("public"),
    # The site search.
    "search:results": Rule("public"),
    "councils:correct": saves(
        "policy",
        payload=lambda d: {
            "name": "Adderbury Parish Council (corrected)",
            "kind": "parish",
            "kind_confirmed": "on",
            "district": d.district.pk,
            "website": "https://adderbury.example.org/",
            "contact_email": "clerk@adderbury.example.org",
        },
    ),
    # Clerks: their councils, requests, confirmation, signing.
    "councils:my-councils": Rule("account"),
    "councils:role-request": saves(
        "account",
        payload=lambda d: {
            "council": d.council_c.pk,
            "role": "clerk",
            "how_to_check": "Minute 12",
        },
    ),
    "councils:role-withdraw": saves("owner"),
    "councils:role-confirm": saves("token"),
    "councils:council-clerks": Rule("clerk-of-council"),
    "councils:council-clerk-remove": saves(
        "clerk-of-council",
        kwargs={"pk": "removable_role.pk"},
        payload=lambda d: {"reason": "Left the council"},
    ),
    # Council A has signed: the sign pages send its clerk back to "Your councils".
    "councils:sign": Rule("clerk-of-council", get=302, post=302, payload=signature_fields),
    "councils:sign-check": Rule("clerk-of-council", get=302, post=302),
    "councils:signature-withdraw": saves(
        "clerk-of-council",
        payload=lambda d: {"withdrawn_on": today(), "reason": "The council resolved to."},
    ),
    # Progress reports.
    "councils:progress-overview": Rule("public"),
    "councils:progress-csv": Rule("public"),
    "councils:progress-json": Rule("public"),
    "councils:progress-tasks": Rule("clerk-of-council"),
    "councils:progress-report": saves(
        "clerk-of-council",
        payload=lambda d: {
            "status": "embedded",
            "what_we_did": "Changed by the matrix",
            "evidence_links": "https://example.org/",
        },
    ),
    # Council A has no report before this quarter's: the check page sends its clerk back to the
    # task list, and a POST saves nothing (a message says why).
    "councils:progress-no-change": Rule("clerk-of-council", get=302, post=302),
    "councils:policy-progress": Rule("policy"),
    # Reminders are emails sent after the commit: no row changes.
    "councils:policy-progress-reminders": Rule("policy", get=405, post=302),
    "councils:policy-progress-upload": saves("policy", payload=_progress_upload),
    # The policy team's clerks and signatures pages.
    "councils:policy-clerks": Rule("policy"),
    "councils:policy-clerks-confirmed": Rule("policy"),
    "councils:policy-clerk-decide": saves("policy", payload=lambda d: {"decision": "approve"}),
    "councils:policy-clerk-remove": saves(
        "policy",
        kwargs={"pk": "removable_role.pk"},
        payload=lambda d: {"reason": "Left the council"},
    ),
    "councils:policy-invitations": saves("policy", payload=lambda d: {"who": "not-invited"}),
    "councils:policy-contacts": saves("policy", payload=_contacts_upload),
    # Reminders to re-affirm: nobody has signed an earlier version in the data set (no change).
    "councils:policy-reaffirmation": Rule("policy", post=302),
    "councils:policy-signature-paper": saves(
        "policy",
        payload=lambda d: {"council": d.council_c.pk, **signature_fields(d)},
    ),
    # The action plan.
    "actions:plan": Rule("public"),
    "actions:download-csv": Rule("public"),
    "actions:download-json": Rule("public"),
    "actions:feed": Rule("public"),
    "actions:detail": Rule("public"),
    "actions:manage": Rule("policy"),
    "actions:create": saves("policy", payload=action_fields),
    "actions:edit": saves(
        "policy",
        payload=with_version(action_fields, "public_item"),
    ),
    "actions:update-create": saves(
        "policy",
        payload=lambda d: {"date": today(), "text": "An update", "status": "delayed"},
    ),
    "actions:close": saves(
        "policy",
        payload=lambda d: {"outcome": "complete", "note": "Done", "date": today()},
    ),
    "actions:move": saves("policy", get=405, payload=lambda d: {"direction": "down"}),
    "actions:history": Rule("policy"),
    # The partnerships register.
    "partnerships:list": Rule("public"),
    "partnerships:download-csv": Rule("public"),
    "partnerships:download-json": Rule("public"),
    "partnerships:detail": Rule("public", kwargs={"slug": "partnership.slug"}),
    "partnerships:meetings": Rule("public"),
    "partnerships:meetings-ics": Rule("public"),
    "partnerships:meeting": Rule("public", kwargs={"pk": "meeting.pk"}),
    "partnerships:meeting-paper": Rule("public", kwargs={"pk": "meeting.pk", "paper": "paper.pk"}),
    "partnerships:series": Rule("public", kwargs={"slug": "series.slug"}),
    "partnerships:series-ics": Rule("public", kwargs={"slug": "series.slug"}),
    "partnerships:scrutiny": Rule("public"),
    "partnerships:scrutiny-detail": Rule("public", kwargs={"slug": "scrutiny.slug"}),
    "partnerships:reports": Rule("public"),
    "partnerships:report": Rule("public", kwargs={"slug": "frozen_report.slug"}),
    "partnerships:report-csv": Rule("public", kwargs={"slug": "frozen_report.slug"}),
    "partnerships:report-json": Rule("public", kwargs={"slug": "frozen_report.slug"}),
    "partnerships:report-note": saves(
        "policy",
        kwargs={"slug": "frozen_report.slug"},
        payload=lambda d: {"date": today(), "text": "A correction"},
    ),
    "partnerships:manage": Rule("policy"),
    # Reminders are emails sent after the commit: no row changes.
    "partnerships:reminders": Rule("policy", get=405, post=302),
    "partnerships:create": saves("policy", payload=partnership_fields),
    "partnerships:organisation-create": saves(
        "policy",
        payload=lambda d: {"name": "Oxfordshire Fire and Rescue Service", "sector": "fire"},
    ),
    "partnerships:edit": saves(
        "policy",
        kwargs={"slug": "partnership.slug"},
        payload=with_version(partnership_fields, "partnership"),
    ),
    "partnerships:history": Rule("policy", kwargs={"slug": "partnership.slug"}),
    "partnerships:review": saves(
        "policy",
        kwargs={"slug": "partnership.slug"},
        payload=lambda d: {
            "reviewed_on": today(),
            "purpose_confirmed": "yes",
            "membership_confirmed": "yes",
            "governance_confirmed": "yes",
            "next_due_on": "2099-01-01",
        },
    ),
    "partnerships:risk-create": saves(
        "policy", kwargs={"slug": "partnership.slug"}, payload=risk_fields
    ),
    "partnerships:risk-edit": saves(
        "policy",
        kwargs={"pk": "risk.pk"},
        payload=with_version(risk_fields, "risk"),
    ),
    "partnerships:meeting-create": saves("policy", payload=meeting_fields),
    "partnerships:meeting-edit": saves(
        "policy",
        kwargs={"pk": "meeting.pk"},
        payload=with_version(meeting_fields, "meeting"),
    ),
    "partnerships:meeting-paper-add": saves(
        "policy",
        kwargs={"pk": "meeting.pk"},
        payload=lambda d: {"title": "Agenda pack", "url": "https://example.org/agenda.pdf"},
    ),
    "partnerships:scrutiny-create": saves("policy", payload=scrutiny_fields),
    "partnerships:scrutiny-edit": saves(
        "policy",
        kwargs={"slug": "scrutiny.slug"},
        payload=with_version(scrutiny_fields, "scrutiny"),
    ),
    # The toolkit and the county services directory (toolkit/).
    "toolkit:list": Rule("public"),
    "toolkit:signatory-guide": Rule("public"),
    "toolkit:resource": Rule("public", kwargs={"slug": "resource.slug"}),
    "toolkit:attachment": Rule("public", kwargs={"slug": "resource.slug"}),
    "toolkit:services": Rule("public"),
    "toolkit:manage": Rule("policy"),
    "toolkit:create": saves("policy", payload=resource_fields),
    "toolkit:edit": saves("policy", kwargs={"slug": "resource.slug"}, payload=resource_fields),
    "toolkit:history": Rule("policy", kwargs={"slug": "resource.slug"}),
    "toolkit:service-create": saves("policy", payload=service_fields),
    "toolkit:service-edit": saves(
        "policy",
        kwargs={"slug": "county_service.slug"},
        payload=service_fields,
    ),
    # The policy team's dashboard and charter versions.
    "policy-dashboard": Rule("policy"),
    "policy-charter-versions": Rule("policy"),
    # A draft exists already: the service refuses a second one (a message, no change).
    "policy-charter-draft-create": Rule("policy", get=405, post=302),
    "policy-charter-draft": saves(
        "policy",
        payload=lambda d: {
            "title": "Version 2 (matrix)",
            "introduction": "Intro",
            "summary_of_changes": "Changed by the matrix",
        },
    ),
    "policy-charter-section": saves(
        "policy",
        payload=lambda d: {"title": "Changed", "statements": "One\nTwo"},
    ),
    "policy-charter-publish": saves("policy"),
    # Open data: the API (read only: POST is 405), the "Data and API" page, the bulk download,
    # the licence's attribution line (api/).
    "api:api-root": Rule("public"),
    "api:schema": Rule("public"),
    "api:council-list": Rule("public"),
    "api:council-detail": Rule("public"),
    "api:signature-list": Rule("public"),
    "api:signature-detail": Rule("public", kwargs={"pk": "signature.pk"}),
    "api:progress-report-list": Rule("public"),
    "api:progress-report-detail": Rule("public", kwargs={"pk": "report.pk"}),
    "api:action-item-list": Rule("public"),
    "api:action-item-detail": Rule("public"),
    "api:action-update-list": Rule("public"),
    "api:action-update-detail": Rule("public", kwargs={"pk": "update.pk"}),
    "api:charter-version-list": Rule("public"),
    "api:charter-version-detail": Rule("public", kwargs={"number": "charter.number"}),
    "open-data": Rule("public"),
    "open-data-zip": Rule("public"),
    # Consultations on a draft, "You said, we did" (consultations/).
    "consultations:list": Rule("public"),
    "consultations:detail": Rule("public"),
    "consultations:draft": Rule("public"),
    "consultations:responses-csv": Rule("public"),
    "consultations:respond-start": Rule("account"),
    "consultations:respond-individual": saves(
        "account", payload=lambda d: response_fields(d, send=False)
    ),
    "consultations:respond": saves(
        "clerk-of-council", payload=lambda d: response_fields(d, send=True)
    ),
    "consultations:manage": Rule("policy"),
    # The draft has its consultation already: the service refuses a second (an error, no change).
    "consultations:create": Rule(
        "policy",
        post=200,
        payload=lambda d: {
            "version": d.draft.pk,
            "title": "Another",
            "opens_on": today(),
            "closes_on": today(),
        },
    ),
    "consultations:edit": saves(
        "policy",
        payload=lambda d: {
            "title": "Changed by the matrix",
            "opens_on": today(),
            "closes_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "individuals_allowed": "on",
        },
    ),
    # A council has responded: the questions can no longer change (an error, no change).
    "consultations:question-create": Rule(
        "policy", post=200, payload=lambda d: {"section": "aims", "text": "New?"}
    ),
    "consultations:question-edit": Rule(
        "policy",
        post=200,
        kwargs={"pk": "question.pk"},
        payload=lambda d: {"section": "aims", "text": "Changed?"},
    ),
    "consultations:invite": saves("policy"),
    "consultations:responses": Rule("policy"),
    "consultations:theme-create": saves(
        "policy", payload=lambda d: {"you_said": "Changed by the matrix"}
    ),
    "consultations:theme-edit": saves(
        "policy",
        kwargs={"pk": "theme.pk"},
        payload=lambda d: {"you_said": "Changed", "we_did": "Done by the matrix"},
    ),
    "policy-data-licence": saves(
        "policy",
        payload=lambda d: {"attribution": "Contains data from the charter portal (matrix)."},
    ),
    # The user's own data and closing the account (accounts/urls.py).
    "accounts:your-data": Rule("account"),
    # How long until sign-out (GET), "Stay signed in" (POST): anyone; signed out, it says so.
    "accounts:session": Rule("public", post=302),
    "accounts:close": Rule(
        "account",
        post=FORM,
        writes=True,
        payload=lambda d: {"password": d.password, "confirm": "on"},
    ),
}

# Whole prefixes of routes covered by one rule each (allauth's and the admin's pages). A URL
# named in URLS takes its own rule first.
PREFIXES = [("accounts/", Rule("allauth")), ("admin/", Rule("admin-site"))]


def rule_for(route) -> Rule | None:
    if route.name in URLS:
        return URLS[route.name]
    for prefix, rule in PREFIXES:
        if route.route.startswith(prefix):
            return rule
    return None


# --- Walking the URL configuration ------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name", or None for an unnamed pattern
    route: str  # the whole route as text, e.g. "councils/yours/<slug:slug>/sign/"
    chain: tuple  # the patterns from the root to this one, to build a URL
    callback: object

    @property
    def key(self) -> str:
        return self.name or self.route


def routes(urlconf=None) -> list[Route]:
    """Every URLPattern of the URL configuration, recursively, with its namespace."""
    found = []

    def walk(patterns, chain, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, (*chain, pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                name = None
                if pattern.name:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                full = (*chain, pattern.pattern)
                text = "".join(str(p) for p in full)
                found.append(Route(name, text, full, pattern.callback))

    walk(get_resolver(urlconf).url_patterns, (), None)
    return found


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


class UnfilledKwarg(LookupError):
    pass


def build_url(route: Route, value) -> str:
    """The URL of ``route``, its arguments filled by ``value(name, route)``."""
    parts = []
    for pattern in route.chain:
        if isinstance(pattern, RoutePattern):

            def sub(match, pattern=pattern):
                name = match["name"]
                return str(pattern.converters[name].to_url(value(name, route)))

            parts.append(_ROUTE_PARAM.sub(sub, str(pattern)))
        elif isinstance(pattern, RegexPattern):
            text, params = normalize(pattern.regex.pattern)[0]
            parts.append(text % {name: value(name, route) for name in params})
        else:  # pragma: no cover
            raise TypeError(pattern)
    return "/" + "".join(parts)


# --- Keyword arguments: by name, from the data set ---------------------------------------------


def _admin_model(route: Route):
    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    if not match:
        raise UnfilledKwarg(f"no model in the admin route {route.route}")
    return apps.get_model(match[1], match[2])


def _admin_object(d, route: Route):
    model = _admin_model(route)
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        raise UnfilledKwarg(f"the data set has no {model._meta.label} for {route.route}")
    return obj


def _history_id(d, route: Route):
    return _admin_object(d, route).history.order_by("history_id").first().history_id


KWARGS = {
    "slug": "council_a.slug",
    "pk": "pending_role.pk",
    "key": "commitment.key",
    "token": "pending_role.confirmation_token",
    "number": "draft.number",
    "kind": lambda d, route: "commitments",
    "reference": "public_item.reference",
    "consultation": "consultation.slug",
    # allauth: a link with a key that is not valid (its page says so).
    "uidb36": lambda d, route: "zz",
    # The admin.
    "object_id": lambda d, route: (
        d.council_a.pk if route.route.startswith("admin/r/") else _admin_object(d, route).pk
    ),
    "id": lambda d, route: d.pending.pk,
    "_0": lambda d, route: _admin_object(d, route).pk,
    "_1": _history_id,
    "content_type_id": lambda d, route: ContentType.objects.get_for_model(d.council_a).pk,
    "app_label": lambda d, route: "councils",
    "url": lambda d, route: "no-such-page/",
}


def kwarg_value(d, name: str, route: Route):
    rule = rule_for(route)
    source = (rule.kwargs if rule else {}).get(name, KWARGS.get(name))
    if source is None:
        raise UnfilledKwarg(
            f"cannot fill the argument {name!r} of {route.key} ({route.route}): add it to "
            "KWARGS (or the URL's Rule kwargs) in tests/permission_rules.py"
        )
    return source(d, route) if callable(source) else attrgetter(source)(d)


# --- The data set -------------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
# Distinctive personal data of clerks: no public page or download may show any of it.
CLERKS = {
    "pending": ("Peregrine Quillfeather", "peregrine.quillfeather@private-mail.example"),
    "clerk_a": ("Ottoline Brackenbury", "ottoline.brackenbury@private-mail.example"),
    "clerk_a2": ("Barnaby Thistlewood", "barnaby.thistlewood@private-mail.example"),
    "clerk_b": ("Wilhelmina Ashcombe", "wilhelmina.ashcombe@private-mail.example"),
}


def build_dataset() -> SimpleNamespace:
    """Council A (signed, a progress report, two clerks, a pending request), council B (its
    clerk, invited), council C (nobody), the published charter and a draft, action items (one
    hidden), and a user for each role, logged in (``sessions``: role -> session key)."""
    from actions.models import ActionItem
    from commitments.models import CharterVersion
    from commitments.services import (
        DATA_DIR,
        charter_version_draft,
        charter_version_load_file,
        charter_version_update,
    )
    from councils.models import CouncilRole, ReportingPeriod
    from councils.services.signing import signature_record
    from tests.factories import (
        ActionItemFactory,
        ActionUpdateFactory,
        AdminFactory,
        CouncilFactory,
        CouncilRoleFactory,
        DistrictFactory,
        InvitationFactory,
        PolicyOfficerFactory,
        ProgressReportFactory,
        UserFactory,
    )

    d = SimpleNamespace(password=PASSWORD)
    version, _ = charter_version_load_file(DATA_DIR / "charter-v1.json")
    d.charter = CharterVersion.objects.with_contents().get(pk=version.pk)
    d.draft = charter_version_update(
        version=charter_version_draft(source=d.charter),
        data={"summary_of_changes": "Clearer commitments."},
    )
    d.commitment = d.charter.commitments.order_by("order").first()
    d.principle = d.charter.principles.order_by("order").first()
    d.period = ReportingPeriod.current()
    d.district = DistrictFactory(name="Cherwell")
    d.council_a = CouncilFactory(name="Adderbury Parish Council", district=d.district)
    d.council_b = CouncilFactory(name="Bloxham Parish Council", district=d.district)
    d.council_c = CouncilFactory(name="Cropredy Parish Council", district=d.district)

    def user(key, factory=UserFactory):
        name, email = CLERKS.get(key, (f"{key.title()} Officer", f"{key}@oxfordshire.example"))
        return factory(full_name=name, email=email, password=PASSWORD)

    d.pending, d.clerk_a, d.clerk_a2, d.clerk_b = (user(k) for k in CLERKS)
    d.policy = user("policy", PolicyOfficerFactory)
    d.policy_no_2fa = PolicyOfficerFactory(
        full_name="Unready Officer",
        email="unready@oxfordshire.example",
        password=PASSWORD,
        policy_team=False,
    )
    d.admin = user("admin", AdminFactory)
    d.pending_role = CouncilRoleFactory(
        user=d.pending,
        council=d.council_a,
        status=CouncilRole.Status.PENDING,
        decided_at=None,
        decision_method="",
        confirmation_sent_at=timezone.now(),
    )
    CouncilRoleFactory(user=d.clerk_a, council=d.council_a, decided_by=d.policy)
    d.removable_role = CouncilRoleFactory(
        user=d.clerk_a2, council=d.council_a, role=CouncilRole.Role.DEPUTY_CLERK
    )
    CouncilRoleFactory(user=d.clerk_b, council=d.council_b)
    d.signature = signature_record(
        council=d.council_a,
        version=d.charter,
        recorded_by=d.clerk_a,
        resolution_date=d.charter.published_on or datetime.date.today(),
        minute_reference="Minute 12/26",
        authorised_by_name="Chair Person",
        authorised_by_role="Chair of the council",
    )
    d.council_a.refresh_from_db()
    d.report = ProgressReportFactory(
        council=d.council_a, commitment=d.commitment, reported_by=d.clerk_a
    )
    d.invitation = InvitationFactory(council=d.council_b, version=d.charter, invited_by=d.policy)
    d.public_item = ActionItemFactory(title="Public action", by=d.policy)
    d.hidden_item = ActionItemFactory(title="Hidden action", is_public=False, by=d.policy)
    ActionItemFactory(title="Last action", lead_council=d.council_a, by=d.policy)
    d.update = ActionUpdateFactory(item=d.public_item, by=d.policy, text="The group met.")
    assert ActionItem.objects.count() == 3
    # Background work, for the admin's pages: a task's result, a reminder, a link checked.
    from django_tasks_db.models import DBTaskResult, get_date_max

    from councils.models import LinkCheck, ProgressReminder

    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="councils.tasks.outgoing_emails_send_due_task",
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
    )
    ProgressReminder.objects.create(council=d.council_a, period_year=2026, period_quarter=3)
    LinkCheck.objects.create(
        council=d.council_a, url="https://example.org/minutes", last_checked_at=timezone.now()
    )
    # The partnerships register: a partnership with a hidden risk, a meeting, a scrutiny review,
    # a frozen report.
    from partnerships.reports import report_freeze
    from partnerships.services import meeting_paper_add, scrutiny_review_save
    from tests.factories import (
        MeetingFactory,
        OrganisationFactory,
        PartnershipFactory,
        RiskFactory,
    )

    d.partnership = PartnershipFactory(
        name="Cherwell Community Safety Partnership",
        lead_council=d.council_a,
        member_councils=[d.council_a, d.council_b],
        member_organisations=[OrganisationFactory(name="Thames Valley Police")],
        by=d.policy,
    )
    d.risk = RiskFactory(partnership=d.partnership, title="Hidden risk", by=d.policy)
    d.meeting = MeetingFactory(by=d.policy)
    d.series = d.meeting.series
    d.scrutiny = scrutiny_review_save(
        by=d.policy,
        title="Scrutiny of community safety",
        programme_year=2026,
        scope="Governance and achievement",
        partnerships=[d.partnership],
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 1, 31),
    )
    d.paper = meeting_paper_add(
        meeting=d.meeting,
        title="Agenda pack",
        file=SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda", content_type="application/pdf"),
    )
    d.frozen_report = report_freeze(
        period=ReportingPeriod(2025, 1), today=datetime.date(2025, 10, 1)
    )
    # A consultation on the draft, open, individuals allowed: council A has responded.
    from consultations.services import consultation_open, response_save, theme_save

    d.consultation = consultation_open(
        version=d.draft,
        title="Consultation on the draft",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
        individuals_allowed=True,
    )
    d.question = d.consultation.questions.first()
    response_save(
        consultation=d.consultation,
        user=d.clerk_a,
        council=d.council_a,
        answers={q.pk: ("yes", "Council A agrees") for q in d.consultation.questions.all()},
        submit=True,
    )
    d.theme = theme_save(
        consultation=d.consultation, you_said="Plainer words.", we_did="", changed_sections=[]
    )
    # The toolkit: a published resource with an attachment, the guide, a county service.
    from tests.factories import CountyServiceFactory, ResourceFactory
    from toolkit.services import signatory_guide_ensure

    signatory_guide_ensure()
    d.resource = ResourceFactory(
        title="Agenda template",
        by=d.policy,
        commitments=[d.commitment],
        attachment=SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda", "application/pdf"),
    )
    d.county_service = CountyServiceFactory(name="Highways", by=d.policy)

    d.users = {role: getattr(d, role) for role in ROLES if role != "anon"}
    d.sessions = {}
    for role, u in d.users.items():
        client = Client()
        client.force_login(u, backend="django.contrib.auth.backends.ModelBackend")
        d.sessions[role] = client.session.session_key
    return d


@contextlib.contextmanager
def dataset_for_module(django_db_blocker):
    """The data set, built and committed once for a test module, and flushed at its end (as
    pytest-django's ``transactional_db`` does). Tests that use it run each request in a
    transaction of its own, rolled back (``request_rolled_back``): no test changes it."""
    with django_db_blocker.unblock():
        try:
            with override_settings(PASSWORD_HASHERS=[FAST_HASHER]), transaction.atomic():
                data = build_dataset()
            yield data
        finally:
            call_command("flush", interactive=False, verbosity=0)


_clients: dict[str, Client] = {}


def client_for(d, role: str) -> Client:
    """The client of ``role``, signed in afresh: its cookies are reset for every request, so a
    log-out by one request does not carry over to the next. One client per role is kept (a
    client builds its handler, and so every middleware, once)."""
    from http.cookies import SimpleCookie

    from django.conf import settings

    client = _clients.setdefault(role, Client(raise_request_exception=False))
    client.cookies = SimpleCookie()
    if role != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = d.sessions[role]
    return client
