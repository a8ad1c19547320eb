"""Emails a person can make the portal send to someone else (a council's confirmation link,
invitations and reminders) are limited per council and per person over time."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from councils.models import Council, CouncilRole, Invitation, ReportingPeriod
from councils.services.clerks import (
    CONFIRMATIONS_PER_COUNCIL,
    CONFIRMATIONS_PER_USER,
    council_role_request,
    council_role_withdraw,
)
from councils.services.invitations import invitations_send
from councils.services.progress import progress_reminders_send
from tests.factories import CouncilFactory, PolicyOfficerFactory, UserFactory, signatory

pytestmark = pytest.mark.django_db


def _ask(user, council, capture):
    with capture(execute=True):
        return council_role_request(user=user, council=council, role="clerk", how_to_check="x")


def _to(council) -> list:
    return [m for m in mail.outbox if m.to == [council.contact_email]]


def test_asking_and_withdrawing_five_times_in_a_minute_sends_one_email(
    council, django_capture_on_commit_callbacks
):
    user = UserFactory()
    for _ in range(5):
        role = _ask(user, council, django_capture_on_commit_callbacks)
        council_role_withdraw(role=role, user=user)
    assert len(_to(council)) == 1
    assert CouncilRole.objects.filter(user=user, council=council).count() == 5  # all recorded


def test_through_the_pages_too(user_client, council, django_capture_on_commit_callbacks):
    ask = reverse("councils:role-request")
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = user_client.post(
                ask, {"council": council.pk, "role": "clerk", "how_to_check": "x"}, follow=True
            )
        if n:
            assert "is with the policy team" in response.text
        role = CouncilRole.objects.get(user=user_client.user, status="pending")
        user_client.post(reverse("councils:role-withdraw", kwargs={"pk": role.pk}))
    assert len(_to(council)) == 1


def test_a_council_gets_a_few_confirmation_links_a_day_from_everyone(
    council, django_capture_on_commit_callbacks
):
    for _ in range(CONFIRMATIONS_PER_COUNCIL + 2):
        _ask(UserFactory(), council, django_capture_on_commit_callbacks)
    assert len(_to(council)) == CONFIRMATIONS_PER_COUNCIL
    pending = CouncilRole.objects.filter(council=council, status="pending")
    assert pending.count() == CONFIRMATIONS_PER_COUNCIL + 2  # the policy team sees them all


def test_a_person_makes_a_few_confirmation_links_a_day(django_capture_on_commit_callbacks):
    user = UserFactory()
    councils = [CouncilFactory() for _ in range(CONFIRMATIONS_PER_USER + 2)]
    for council in councils:
        _ask(user, council, django_capture_on_commit_callbacks)
    to_councils = [m for m in mail.outbox if m.to != [settings.POLICY_TEAM_EMAIL]]
    assert len(to_councils) == CONFIRMATIONS_PER_USER
    # The two beyond wait for the policy team, which is told of each.
    assert len(mail.outbox) == CONFIRMATIONS_PER_USER + 2


def test_the_limit_is_over_a_day(council, django_capture_on_commit_callbacks):
    user = UserFactory()
    role = _ask(user, council, django_capture_on_commit_callbacks)
    council_role_withdraw(role=role, user=user)
    CouncilRole.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(days=2))
    _ask(user, council, django_capture_on_commit_callbacks)
    assert len(_to(council)) == 2


def test_invitations_and_reminders_reach_a_council_once_a_day(
    charter, django_capture_on_commit_callbacks
):
    council = CouncilFactory()
    officer = PolicyOfficerFactory()
    for kind in ["invitation", "invitation", "reminder", "reminder", "invitation"]:
        with django_capture_on_commit_callbacks(execute=True):
            batch = invitations_send(
                councils=Council.objects.filter(pk=council.pk), invited_by=officer, kind=kind
            )
    assert batch.too_soon == [council]
    assert len(_to(council)) == 1
    Invitation.objects.update(status="failed")  # a failed one was not sent: it can be again
    with django_capture_on_commit_callbacks(execute=True):
        batch = invitations_send(councils=Council.objects.filter(pk=council.pk), invited_by=officer)
    assert batch.queued and len(_to(council)) == 2


def test_progress_reminders_reach_a_council_once_a_day(
    charter, policy_client, django_capture_on_commit_callbacks
):
    council = signatory(CouncilFactory(), charter)
    period = ReportingPeriod.current()
    counts = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            counts.append(progress_reminders_send(period=period, user=policy_client.user))
    assert counts == [1, 0, 0]
    assert len(_to(council)) == 1
    response = policy_client.post(reverse("councils:policy-progress-reminders"), follow=True)
    assert "at most one reminder a day" in response.text


def test_over_the_limits_the_policy_team_is_told_once(
    council, settings, django_capture_on_commit_callbacks
):
    """The council's address is emailed once; the requests that then wait in the policy team's
    queue are told to the policy team once, however often the person asks again."""
    settings.POLICY_TEAM_EMAIL = "policy@example.org"
    user = UserFactory()
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            role = council_role_request(user=user, council=council, role="clerk", how_to_check="x")
        council_role_withdraw(role=role, user=user)
    assert len(_to(council)) == 1
    assert len([m for m in mail.outbox if "policy@example.org" in m.to]) == 1
