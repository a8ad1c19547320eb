"""Confirming who acts for a council: requests, the council's confirmation link, the policy
team's queue, removal and withdrawal; who may see and do what."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from councils.models import CouncilRole
from councils.permissions import can_act_for
from councils.services.clerks import (
    council_role_approve,
    council_role_confirm_by_email,
    council_role_reject,
    council_role_remove,
    council_role_request,
    council_role_withdraw,
)
from tests.factories import CouncilFactory, CouncilRoleFactory, PolicyOfficerFactory, UserFactory
from tests.helpers import POLICY_TEAM_ONLY, assert_get_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PENDING = CouncilRole.Status.PENDING


def pending(**kwargs):
    return CouncilRoleFactory(status=PENDING, decided_at=None, decision_method="", **kwargs)


# --- Services ---


def test_request_emails_a_confirmation_link_to_the_council(
    council, django_capture_on_commit_callbacks
):
    user = UserFactory(full_name="Ada Lovelace")
    with django_capture_on_commit_callbacks(execute=True):
        role = council_role_request(
            user=user, council=council, role="clerk", how_to_check="Minute 12, April 2026"
        )
    assert role.status == PENDING and role.confirmation_sent_at
    assert not can_act_for(user, council)
    [email] = mail.outbox
    assert email.to == [council.contact_email]
    assert "Ada Lovelace" in email.body
    assert settings.SITE_URL + f"/councils/confirm/{role.confirmation_token}/" in email.body


def test_request_without_contact_address_goes_to_the_policy_team_only(
    django_capture_on_commit_callbacks,
):
    council = CouncilFactory(contact_email="")
    with django_capture_on_commit_callbacks(execute=True):
        role = council_role_request(
            user=UserFactory(), council=council, role="chair", how_to_check="Ask the clerk"
        )
    assert role.confirmation_sent_at is None
    # Nobody at the council is emailed; the policy team is (nobody waits untold).
    [email] = mail.outbox
    assert email.to == [settings.POLICY_TEAM_EMAIL]


def test_request_twice_is_refused(council):
    user = UserFactory()
    council_role_request(user=user, council=council, role="clerk", how_to_check="x")
    with pytest.raises(ValidationError, match="already asked"):
        council_role_request(user=user, council=council, role="clerk", how_to_check="x")
    assert CouncilRole.objects.count() == 1


def test_confirm_by_email_records_the_decision(council, django_capture_on_commit_callbacks):
    role = council_role_request(user=UserFactory(), council=council, role="clerk", how_to_check="x")
    with django_capture_on_commit_callbacks(execute=True):
        council_role_confirm_by_email(role=role)
    role.refresh_from_db()
    assert role.status == CouncilRole.Status.CONFIRMED
    assert role.decision_method == CouncilRole.Method.COUNCIL_EMAIL
    assert role.decided_at and council.contact_email in role.decision_reason
    assert can_act_for(role.user, council)
    assert mail.outbox[-1].to == [role.user.email]
    assert role.history.count() == 3  # created, link sent, confirmed
    with pytest.raises(ValidationError, match="already been decided"):
        council_role_confirm_by_email(role=role)


def test_confirmation_link_expires(council):
    role = council_role_request(user=UserFactory(), council=council, role="clerk", how_to_check="x")
    CouncilRole.objects.filter(pk=role.pk).update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(days=15)
    )
    with pytest.raises(ValidationError, match="expired"):
        council_role_confirm_by_email(role=role)


def test_policy_team_approves_and_rejects(council, django_capture_on_commit_callbacks):
    officer = PolicyOfficerFactory()
    a, b = pending(council=council), pending(council=council)
    with django_capture_on_commit_callbacks(execute=True):
        council_role_approve(role=a, decided_by=officer)
        council_role_reject(role=b, decided_by=officer, reason="Not on the council's website")
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, a.decided_by, a.decision_method) == ("confirmed", officer, "policy-team")
    assert (b.status, b.decision_reason) == ("rejected", "Not on the council's website")
    assert [m.to for m in mail.outbox] == [[a.user.email], [b.user.email]]
    assert "Not on the council's website" in mail.outbox[1].body


def test_rejection_needs_a_reason(council):
    with pytest.raises(ValidationError, match="reason"):
        council_role_reject(
            role=pending(council=council), decided_by=PolicyOfficerFactory(), reason=" "
        )


def test_remove_and_withdraw(council, django_capture_on_commit_callbacks):
    role = CouncilRoleFactory(council=council)
    remover = CouncilRoleFactory(council=council).user
    with pytest.raises(ValidationError):
        council_role_remove(role=role, removed_by=remover, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        council_role_remove(role=role, removed_by=remover, reason="Left in March")
    role.refresh_from_db()
    assert (role.status, role.decided_by, role.decision_reason) == (
        "removed",
        remover,
        "Left in March",
    )
    assert not can_act_for(role.user, council)
    assert mail.outbox[0].to == [role.user.email] and "Left in March" in mail.outbox[0].body

    request = pending(council=council)
    with pytest.raises(ValidationError):
        council_role_withdraw(role=request, user=UserFactory())
    council_role_withdraw(role=request, user=request.user)
    request.refresh_from_db()
    assert request.status == CouncilRole.Status.WITHDRAWN


# --- Asking to act for a council ---


def test_request_page_preselects_the_council_from_an_invitation(user_client, council):
    response = user_client.get(reverse("councils:role-request") + f"?council={council.slug}")
    assert response.status_code == 200
    assert f'<option value="{council.pk}" selected>' in response.text


def test_request_page_search_narrows_the_list(user_client, council, other_council):
    response = user_client.get(reverse("councils:role-request") + "?q=adder")
    assert council.name in response.text and other_council.name not in response.text


def test_request_page_ignores_nonsense(user_client):
    response = user_client.get(reverse("councils:role-request") + "?council=nope&q=" + "x" * 300)
    assert response.status_code == 200


def test_request_form_creates_a_pending_request(user_client, council):
    response = user_client.post(
        reverse("councils:role-request"),
        {"council": council.pk, "role": "clerk", "how_to_check": "Minute 4/26"},
    )
    assert response.status_code == 302 and response.url == reverse("councils:my-councils")
    role = CouncilRole.objects.get()
    assert (role.user, role.council, role.status) == (user_client.user, council, PENDING)
    page = user_client.get(response.url)
    assert "Waiting for confirmation" in page.text
    assert "emailed" in page.text


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "council", "Choose the council you act for."),
        (
            {"council": "999999", "role": "clerk", "how_to_check": "x"},
            "council",
            "Choose a council",
        ),
        ({"council": "abc", "role": "clerk", "how_to_check": "x"}, "council", "Choose a council"),
        ({"role": "mayor", "how_to_check": "x"}, "role", "Select a valid choice"),
        ({"role": "clerk", "how_to_check": "  "}, "how_to_check", "Tell us how we can check"),
    ],
)
def test_request_form_bad_input(user_client, council, data, field, message):
    data = {"council": council.pk, **data} if "council" not in data and data else data
    response = user_client.post(reverse("councils:role-request"), data)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert f'id="id_{field}_error"' in response.text or f"#id_{field}" in response.text
    assert not CouncilRole.objects.exists()


def test_request_form_refuses_a_duplicate(clerk_client, council):
    response = clerk_client.post(
        reverse("councils:role-request"),
        {"council": council.pk, "role": "clerk", "how_to_check": "x"},
    )
    assert response.status_code == 200
    assert "already asked to act for Adderbury" in response.text


def test_request_form_keeps_what_was_typed(user_client, council):
    response = user_client.post(
        reverse("councils:role-request"), {"council": council.pk, "how_to_check": "Minute 9"}
    )
    assert "Minute 9</textarea>" in response.text
    assert f'<option value="{council.pk}" selected>' in response.text


# --- The council's confirmation link ---


def test_confirmation_link_get_shows_post_confirms(anon_client, council):
    role = council_role_request(
        user=UserFactory(full_name="Grace Hopper"), council=council, role="clerk", how_to_check="x"
    )
    url = reverse("councils:role-confirm", kwargs={"token": role.confirmation_token})
    response = anon_client.get(url)
    assert response.status_code == 200 and "Grace Hopper" in response.text
    role.refresh_from_db()
    assert role.status == PENDING  # a GET (a mail scanner) confirms nothing
    response = anon_client.post(url, follow=True)
    role.refresh_from_db()
    assert role.status == "confirmed" and role.decision_method == "council-email"
    assert "can now act for" in response.text
    # Posting again is harmless.
    response = anon_client.post(url, follow=True)
    assert response.status_code == 200 and "already been decided" in response.text


def test_confirmation_link_unknown_or_expired(anon_client, council):
    assert anon_client.get("/councils/confirm/not-a-token/").status_code == 404
    role = council_role_request(user=UserFactory(), council=council, role="clerk", how_to_check="x")
    CouncilRole.objects.filter(pk=role.pk).update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(days=30)
    )
    url = reverse("councils:role-confirm", kwargs={"token": role.confirmation_token})
    assert "expired" in anon_client.get(url).text
    anon_client.post(url)
    role.refresh_from_db()
    assert role.status == PENDING


# --- Your councils ---


def test_my_councils(anon_client, user_client, clerk_client, council, charter):
    assert anon_client.get("/councils/yours/").status_code == 302
    response = user_client.get("/councils/yours/")
    assert response.status_code == 200 and "You do not act for any council yet" in response.text
    response = clerk_client.get("/councils/yours/")
    assert council.name in response.text
    assert reverse("councils:sign", kwargs={"slug": council.slug}) in response.text


def test_my_councils_queries_do_not_grow(client, django_assert_num_queries, charter):
    user = UserFactory()
    client.force_login(user)

    def count(n):
        for _ in range(n):
            CouncilRoleFactory(user=user)
            pending(user=user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/councils/yours/").status_code == 200
        return len(queries)

    assert count(2) == count(10)


def test_withdraw_own_request_only(user_client, other_clerk_client, council):
    role = pending(council=council, user=user_client.user)
    url = reverse("councils:role-withdraw", kwargs={"pk": role.pk})
    assert other_clerk_client.get(url).status_code == 404
    assert other_clerk_client.post(url).status_code == 404
    assert user_client.get(url).status_code == 200
    assert user_client.post(url).status_code == 302
    role.refresh_from_db()
    assert role.status == "withdrawn"
    assert user_client.post(url).status_code == 404


# --- Who acts for a council; removing a clerk who left ---


def test_council_clerks_page_only_for_its_clerks(
    anon_client, user_client, clerk_client, other_clerk_client, policy_client, council
):
    url = reverse("councils:council-clerks", kwargs={"slug": council.slug})
    assert anon_client.get(url).status_code == 302
    assert user_client.get(url).status_code == 404
    assert other_clerk_client.get(url).status_code == 404
    pending(council=council)  # a pending request grants nothing
    assert clerk_client.get(url).status_code == 200


def test_clerk_removes_a_clerk_of_their_own_council_only(
    clerk_client, other_clerk_client, council, other_council
):
    leaver = CouncilRoleFactory(council=council, user=UserFactory(full_name="Old Clerk"))
    other = CouncilRole.objects.get(council=other_council)
    url = reverse("councils:council-clerk-remove", kwargs={"slug": council.slug, "pk": leaver.pk})
    # The clerk of the other council cannot, by their slug or by ours.
    assert other_clerk_client.get(url).status_code == 404
    swapped = reverse(
        "councils:council-clerk-remove", kwargs={"slug": other_council.slug, "pk": leaver.pk}
    )
    assert other_clerk_client.post(swapped, {"reason": "x"}).status_code == 404
    # Nor can our clerk reach the other council's clerk through our slug.
    sneaky = reverse("councils:council-clerk-remove", kwargs={"slug": council.slug, "pk": other.pk})
    assert clerk_client.post(sneaky, {"reason": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.status == "confirmed"

    response = clerk_client.post(url, {"reason": ""})
    assert response.status_code == 200 and "Give a reason for removing" in response.text
    response = clerk_client.post(url, {"reason": "Retired in March"}, follow=True)
    assert "Old Clerk no longer acts for" in response.text
    leaver.refresh_from_db()
    assert (leaver.status, leaver.decided_by) == ("removed", clerk_client.user)


def test_pending_requester_cannot_act(user_client, council, charter):
    pending(council=council, user=user_client.user)
    for name in ["sign", "council-clerks", "signature-withdraw"]:
        assert (
            user_client.get(reverse(f"councils:{name}", kwargs={"slug": council.slug})).status_code
            == 404
        )


# --- The policy team's queue ---


QUEUE = "/councils/policy/clerks/"


def test_queue_permissions(request):
    assert_get_statuses(request, QUEUE, POLICY_TEAM_ONLY)


def test_queue_needs_two_factors(client):
    officer = PolicyOfficerFactory(policy_team=False)  # in the group, no authenticator
    client.force_login(officer)
    for url in [QUEUE, "/councils/policy/invitations/", "/councils/policy/signatures/paper/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_queue_lists_pending_oldest_first(policy_client, council):
    first = pending(council=council, user=UserFactory(full_name="First Person"))
    pending(council=council, user=UserFactory(full_name="Second Person"))
    CouncilRoleFactory(council=council, user=UserFactory(full_name="Already Confirmed"))
    text = policy_client.get(QUEUE).text
    assert text.index("First Person") < text.index("Second Person")
    assert "Already Confirmed" not in text
    assert reverse("councils:policy-clerk-decide", kwargs={"pk": first.pk}) in text


def test_queue_empty(policy_client):
    assert "No requests are waiting" in policy_client.get(QUEUE).text


@pytest.mark.parametrize("url", [QUEUE, "/councils/policy/clerks/confirmed/"])
def test_queue_queries_do_not_grow(policy_client, django_assert_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = PolicyOfficerFactory()

    def count(n):
        for _ in range(n):
            pending()
            CouncilRoleFactory(decided_by=officer)
        with CaptureQueriesContext(connection) as queries:
            assert policy_client.get(url).status_code == 200
        return len(queries)

    assert count(3) == count(30)


def test_decide_approve(policy_client, council, django_capture_on_commit_callbacks):
    role = pending(council=council)
    url = reverse("councils:policy-clerk-decide", kwargs={"pk": role.pk})
    assert policy_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = policy_client.post(url, {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.status, role.decided_by) == ("confirmed", policy_client.user)
    assert mail.outbox[-1].to == [role.user.email]
    # Decided: off the queue; its page leads back to the queue saying what became of it.
    assert policy_client.get(url)["Location"] == reverse("councils:policy-clerks")


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose whether to confirm or reject"),
        ({"decision": "maybe"}, "Select a valid choice"),
        ({"decision": "reject", "reason": "   "}, "Give a reason for the rejection."),
    ],
)
def test_decide_bad_input(policy_client, council, data, message):
    role = pending(council=council)
    response = policy_client.post(
        reverse("councils:policy-clerk-decide", kwargs={"pk": role.pk}), data
    )
    assert response.status_code == 200 and message in response.text
    assert "There is a problem" in response.text
    role.refresh_from_db()
    assert role.status == PENDING


def test_decide_reject_tells_the_user(policy_client, council, django_capture_on_commit_callbacks):
    role = pending(council=council)
    url = reverse("councils:policy-clerk-decide", kwargs={"pk": role.pk})
    with django_capture_on_commit_callbacks(execute=True):
        policy_client.post(url, {"decision": "reject", "reason": "The council says no"})
    role.refresh_from_db()
    assert role.status == "rejected"
    assert "The council says no" in mail.outbox[-1].body


def test_decide_not_for_others(user_client, clerk_client, council):
    role = pending(council=council)
    url = reverse("councils:policy-clerk-decide", kwargs={"pk": role.pk})
    assert user_client.post(url, {"decision": "approve"}).status_code == 403
    assert clerk_client.post(url, {"decision": "approve"}).status_code == 403
    role.refresh_from_db()
    assert role.status == PENDING


def test_policy_removes_a_clerk(policy_client, clerk_client, council):
    role = CouncilRole.objects.get(council=council)
    url = reverse("councils:policy-clerk-remove", kwargs={"pk": role.pk})
    assert clerk_client.post(url, {"reason": "x"}).status_code == 403
    assert policy_client.get(url).status_code == 200
    response = policy_client.post(url, {"reason": ""})
    assert "Give a reason for removing" in response.text
    assert policy_client.post(url, {"reason": "New clerk from May"}).status_code == 302
    role.refresh_from_db()
    assert role.status == "removed"
    assert clerk_client.get("/councils/yours/").status_code == 200
    assert policy_client.get(url).status_code == 404
