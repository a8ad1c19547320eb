"""Who acts for a council: a user's request, and the decisions that confirm, reject or end it.

Nobody acts for a council until the request is confirmed, by whoever reads the council's
registered contact address (a link emailed there) or by the policy team. Every decision records
who made it, when, how and why (``CouncilRole`` keeps its history too).
"""

import datetime
import math
import statistics

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ui.conflicts import conflict_check

from ..models import Council, CouncilRole
from ..permissions import POLICY_TEAM_GROUP
from ..tasks import (
    council_role_confirmation_queue,
    council_role_decision_queue,
    email_queue,
    site_url,
)

# How long the link emailed to a council's contact address stays valid.
CONFIRMATION_LINK_DAYS = 14
# The usual wait is measured on the policy team's decisions of this many past days, once it has
# made at least USUAL_WAIT_MIN_DECISIONS of them (fewer say little: the setting answers).
USUAL_WAIT_WINDOW_DAYS = 180
USUAL_WAIT_MIN_DECISIONS = 5


def policy_team_addresses() -> list[str]:
    """Where the policy team is told of work waiting for it: ``settings.POLICY_TEAM_EMAIL``
    (``PORTAL_POLICY_TEAM_EMAIL``) and the verified primary addresses of the active members of
    the policy team group. Sorted, without repeats."""
    members = EmailAddress.objects.filter(
        verified=True,
        primary=True,
        user__is_active=True,
        user__groups__name=POLICY_TEAM_GROUP,
    ).values_list("email", flat=True)
    return sorted({settings.POLICY_TEAM_EMAIL, *members} - {""})


def role_queue_usual_days() -> int:
    """How many days the policy team usually takes to decide a request: the median wait of its
    decisions over the last ``USUAL_WAIT_WINDOW_DAYS`` days, rounded up; the setting
    ``PORTAL_POLICY_TEAM_RESPONSE_DAYS`` until it has made ``USUAL_WAIT_MIN_DECISIONS``."""
    since = timezone.now() - datetime.timedelta(days=USUAL_WAIT_WINDOW_DAYS)
    waits = [
        (decided - requested).total_seconds() / 86400
        for requested, decided in CouncilRole.objects.filter(
            decision_method=CouncilRole.Method.POLICY_TEAM,
            decided_at__gte=since,
            status__in=[CouncilRole.Status.CONFIRMED, CouncilRole.Status.REJECTED],
        )
        .order_by("-decided_at")
        .values_list("requested_at", "decided_at")[:200]
    ]
    if len(waits) < USUAL_WAIT_MIN_DECISIONS:
        return settings.PORTAL_POLICY_TEAM_RESPONSE_DAYS
    return max(1, math.ceil(statistics.median(waits)))


# Any account can make the portal email a council's contact address (a confirmation link), so
# those emails are limited over a rolling day: one per person and council (asking and
# withdrawing again and again sends one), three per council from anyone, five per person to any
# councils. Beyond them the request is still recorded and the policy team confirms it from its
# queue. Counted from the requests themselves (``confirmation_sent_at``), in the database.
CONFIRMATION_LIMIT_PERIOD = datetime.timedelta(days=1)
CONFIRMATIONS_PER_USER_AND_COUNCIL = 1
CONFIRMATIONS_PER_COUNCIL = 3
CONFIRMATIONS_PER_USER = 5


# A decision as the policy team's decision form holds it.
DECISIONS = {
    CouncilRole.Status.PENDING: "",
    CouncilRole.Status.CONFIRMED: "approve",
    CouncilRole.Status.REJECTED: "reject",
}


def council_role_decision_values(role: CouncilRole) -> dict:
    """The decision on ``role`` as the decision form shows it: ``{"decision": "" (not yet),
    "approve", "reject" or the status ("removed", "withdrawn"), "reason": text}``."""
    return {
        "decision": DECISIONS.get(role.status, role.status),
        "reason": role.decision_reason,
    }


def _locked(
    role: CouncilRole, *, status: str, seen: dict | None = None, typed: dict | None = None
) -> CouncilRole:
    """The role, locked for this transaction, if it still has ``status``. With ``seen`` (the
    ``council_role_decision_values`` the officer saw) and ``typed`` (their decision): raises
    ``ui.conflicts.EditConflict`` if someone else decided in the meantime."""
    role = CouncilRole.objects.select_for_update().select_related("council", "user").get(pk=role.pk)
    conflict_check(
        seen=seen,
        current=council_role_decision_values(role),
        typed=typed or {},
        changed_by=role.decided_by,
        changed_at=role.decided_at,
    )
    if role.status != status:
        raise ValidationError(
            f"This request has already been decided ({role.get_status_display().lower()})."
        )
    return role


def _decide(role, *, status, decided_by, method, reason, change_reason) -> CouncilRole:
    role.status = status
    role.decided_at = timezone.now()
    role.decided_by = decided_by
    role.decision_method = method
    role.decision_reason = reason
    role._change_reason = change_reason
    role._history_user = decided_by  # also outside a request
    role.save()
    council_role_decision_queue(role=role)  # written with the decision (outbox)
    return role


@transaction.atomic
def council_role_request(*, user, council: Council, role: str, how_to_check: str) -> CouncilRole:
    """A user asks to act for a council. When the council has a registered contact address, a
    confirmation link goes there; the policy team sees every request in its queue.

    When it has none, nobody but the policy team can confirm the request: the policy team is
    emailed (``policy_team_addresses()``), through the outbox in this transaction, so that the
    request and the email are saved together. Raises ValidationError for a council that has
    ended or a request already open."""
    if not council.is_current:
        raise ValidationError("This council no longer exists.")
    try:
        with transaction.atomic():
            request = CouncilRole(
                user=user, council=council, role=role, how_to_check=how_to_check.strip()
            )
            request._history_user = user  # also outside a request
            request.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(
            "You have already asked to act for this council.", code="duplicate"
        ) from None
    if council.contact_email and confirmation_email_allowed(user=user, council=council):
        request.confirmation_sent_at = timezone.now()
        request.save(update_fields=["confirmation_sent_at"])
        council_role_confirmation_queue(role=request)  # written with the request (outbox)
    elif not _policy_team_told_lately(request):
        # Only the policy team can confirm it (no address, or over the limits above): tell
        # them, once a day for one person and council however often they ask again.
        email_queue(
            template="council_role_for_policy_team",
            to=policy_team_addresses(),
            context={
                "role": request,
                "decide_url": site_url("councils:policy-clerk-decide", pk=request.pk),
                "queue_size": CouncilRole.objects.pending().count(),
            },
        )
    return request


def _policy_team_told_lately(request: CouncilRole) -> bool:
    """Whether the policy team was emailed in the last ``CONFIRMATION_LIMIT_PERIOD`` about
    another request by the same person for the same council (one not sent to the council's
    address), so that asking and withdrawing again and again tells it once; or about
    ``CONFIRMATIONS_PER_USER`` of that person's requests, for any councils."""
    earlier = CouncilRole.objects.filter(
        user_id=request.user_id,
        requested_at__gt=timezone.now() - CONFIRMATION_LIMIT_PERIOD,
        confirmation_sent_at__isnull=True,
    ).exclude(pk=request.pk)
    return (
        earlier.filter(council_id=request.council_id).exists()
        or earlier.count() >= CONFIRMATIONS_PER_USER
    )


def confirmation_email_allowed(*, user, council: Council) -> bool:
    """Whether a confirmation link may be emailed to ``council`` for ``user`` now, within the
    limits above. Locks the user's and the council's rows (in that order) until the caller's
    transaction ends, so that requests made at the same moment are counted one after another."""
    for model, pk in [(get_user_model(), user.pk), (Council, council.pk)]:
        list(model.objects.select_for_update(of=("self",)).filter(pk=pk).values_list("pk"))
    sent = CouncilRole.objects.filter(
        confirmation_sent_at__gt=timezone.now() - CONFIRMATION_LIMIT_PERIOD
    )
    return (
        sent.filter(user=user, council=council).count() < CONFIRMATIONS_PER_USER_AND_COUNCIL
        and sent.filter(council=council).count() < CONFIRMATIONS_PER_COUNCIL
        and sent.filter(user=user).count() < CONFIRMATIONS_PER_USER
    )


def confirmation_link_expired(role: CouncilRole) -> bool:
    sent = role.confirmation_sent_at
    return sent is None or timezone.now() - sent > datetime.timedelta(days=CONFIRMATION_LINK_DAYS)


@transaction.atomic
def council_role_confirm_by_email(*, role: CouncilRole) -> CouncilRole:
    """Whoever reads the council's contact address followed the link and confirmed."""
    role = _locked(role, status=CouncilRole.Status.PENDING)
    if confirmation_link_expired(role):
        raise ValidationError("This link has expired.")
    return _decide(
        role,
        status=CouncilRole.Status.CONFIRMED,
        decided_by=None,
        method=CouncilRole.Method.COUNCIL_EMAIL,
        reason=f"Confirmed through the link sent to {role.council.contact_email}.",
        change_reason="Confirmed by the council's contact address",
    )


# The policy team's decisions on a pending request: the status each gives, and its history reason.
_POLICY_TEAM_DECISIONS = {
    "approve": (CouncilRole.Status.CONFIRMED, "Approved by the policy team"),
    "reject": (CouncilRole.Status.REJECTED, "Rejected by the policy team"),
}


def _policy_team_decides(role, *, decision: str, decided_by, reason: str, seen) -> CouncilRole:
    """Record the policy team's ``decision`` ("approve" or "reject") on a pending request,
    once ``_locked`` finds it still pending and undecided since ``seen``."""
    status, change_reason = _POLICY_TEAM_DECISIONS[decision]
    reason = reason.strip()
    typed = {"decision": decision, "reason": reason}
    role = _locked(role, status=CouncilRole.Status.PENDING, seen=seen, typed=typed)
    return _decide(
        role,
        status=status,
        decided_by=decided_by,
        method=CouncilRole.Method.POLICY_TEAM,
        reason=reason,
        change_reason=change_reason,
    )


@transaction.atomic
def council_role_approve(
    *, role: CouncilRole, decided_by, reason: str = "", seen: dict | None = None
) -> CouncilRole:
    """The policy team confirms a request. ``seen``: see ``_locked``."""
    return _policy_team_decides(
        role, decision="approve", decided_by=decided_by, reason=reason, seen=seen
    )


@transaction.atomic
def council_role_reject(
    *, role: CouncilRole, decided_by, reason: str, seen: dict | None = None
) -> CouncilRole:
    """The policy team rejects a request, with the reason the person is sent. ``seen``: see
    ``_locked``."""
    if not reason.strip():
        raise ValidationError("Give a reason for the rejection.")
    return _policy_team_decides(
        role, decision="reject", decided_by=decided_by, reason=reason, seen=seen
    )


@transaction.atomic
def council_role_remove(*, role: CouncilRole, removed_by, reason: str) -> CouncilRole:
    """End a confirmed role (the clerk left the council): by the policy team or by another
    confirmed clerk of the same council. The views decide who may; this records it."""
    if not reason.strip():
        raise ValidationError("Give a reason for removing this person.")
    role = _locked(role, status=CouncilRole.Status.CONFIRMED)
    return _decide(
        role,
        status=CouncilRole.Status.REMOVED,
        decided_by=removed_by,
        method=role.decision_method,
        reason=reason.strip(),
        change_reason=f"Removed by {removed_by}",
    )


@transaction.atomic
def council_role_withdraw(*, role: CouncilRole, user) -> CouncilRole:
    """The user withdraws their own request before it is decided."""
    role = _locked(role, status=CouncilRole.Status.PENDING)
    if role.user_id != user.pk:
        raise ValidationError("Only the person who asked can withdraw this request.")
    role.status = CouncilRole.Status.WITHDRAWN
    role.decided_at = timezone.now()
    role.decided_by = user
    role._change_reason = "Withdrawn by the user"
    role._history_user = user  # also outside a request
    role.save()
    return role
