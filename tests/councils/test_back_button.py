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
