"""The browser's back button after signing or withdrawing (a GET of the page before) never
leads to "Page not found": it leads somewhere useful with a message."""

import pytest
from django.urls import reverse

from councils.models import Signature

from .test_signing import GOOD, sign_url

pytestmark = pytest.mark.django_db


def test_back_after_signing(clerk_client, council, charter):
    clerk_client.post(sign_url(council), GOOD)
    clerk_client.post(sign_url(council, "sign-check"))
    assert Signature.objects.filter(council=council).exists()
    for url in (sign_url(council, "sign-check"), sign_url(council)):
        response = clerk_client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "has already signed version 1" in response.text


def test_back_after_withdrawing(clerk_client, council, charter):
    clerk_client.post(sign_url(council), GOOD)
    clerk_client.post(sign_url(council, "sign-check"))
    url = reverse("councils:signature-withdraw", kwargs={"slug": council.slug})
    response = clerk_client.post(
        url, {"withdrawn_on": "2026-04-01", "reason": "The council changed its mind."}
    )
    assert response.status_code == 302
    response = clerk_client.get(url, follow=True)
    assert response.status_code == 200
    assert "has no signature to withdraw" in response.text


def test_back_to_a_request_decided_since(policy_client, council):
    """The decision page of a request decided since (the back button, the link in an old
    email) leads to the queue with what became of it."""
    from councils.services.clerks import council_role_approve
    from tests.factories import CouncilRoleFactory

    role = CouncilRoleFactory(council=council, status="pending")
    url = reverse("councils:policy-clerk-decide", kwargs={"pk": role.pk})
    assert policy_client.get(url).status_code == 200
    council_role_approve(role=role, decided_by=policy_client.user, reason="")
    response = policy_client.get(url, follow=True)
    assert response.status_code == 200
    assert "has already been decided: confirmed on" in response.text
