"""Fixtures of the reliability tests: the portal served by gunicorn on the test database."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from .server import Gunicorn, database_url


@pytest.fixture(scope="module")
def portal_server(django_db_setup, django_db_blocker):
    """gunicorn (4 workers of 4 threads: 16 requests at once) serving the test database, once
    per test module. Tests use ``portal``."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (scripts/test starts one)")
    with Gunicorn(
        database_url=database_url(connection.settings_dict),
        secret_key=settings.SECRET_KEY,
        workers=4,
        threads=4,
    ) as server:
        yield server


@pytest.fixture
def portal(portal_server, transactional_db):
    """The server; what the test writes with the ORM is committed, so the server sees it."""
    return portal_server


@dataclass
class Signing:
    """The signing steps of ``council`` for ``charter``: the form, its answers, the check page
    (whose POST records the signature)."""

    form: str
    check: str
    answers: dict


@pytest.fixture
def signing(charter, council) -> Signing:
    slug = {"slug": council.slug}
    return Signing(
        form=reverse("councils:sign", kwargs=slug),
        check=reverse("councils:sign-check", kwargs=slug),
        answers={
            "resolution_date": (charter.published_on or timezone.localdate()).isoformat(),
            "minute_reference": "Minute 45/26",
            "minutes_url": "https://adderbury.example.org/minutes.pdf",
            "authorised_by_name": "Jo Bloggs",
            "authorised_by_role": "Chair of the council",
        },
    )
