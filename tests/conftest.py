"""Fixtures shared by every test: the real charter, and one logged-in client per role.

The suite runs in parallel (pytest-xdist, ``make test``): each worker has its own test
database (pytest-django adds the worker's name), its own folders for files
(``_files_of_this_worker``) and its own caches (in its process); servers take free ports.
"""

import os

import pytest
from django.core.cache import caches
from django.test import Client
from django.test.utils import override_settings

from commitments.models import CharterVersion
from commitments.services import DATA_DIR, charter_version_load_file

from .factories import (
    AdminFactory,
    CouncilFactory,
    CouncilRoleFactory,
    PolicyOfficerFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _files_of_this_worker(tmp_path_factory):
    """Uploaded files (``MEDIA_ROOT``) and the open-data ZIPs (``PORTAL_BULK_DIR``) go to a
    folder of this test process's own, for the whole session: never the checkout (the ZIPs'
    default is ``var/bulk`` in it), and never a folder that another worker or another run
    shares, where one would remove or overwrite the other's files. The environment variables
    are set too, for the servers the tests start as subprocesses (gunicorn, manage.py).
    ``tmp_path_factory`` gives each xdist worker a folder of its own."""
    root = tmp_path_factory.mktemp("files")
    folders = {"MEDIA_ROOT": root / "media", "PORTAL_BULK_DIR": root / "bulk"}
    saved = {name: os.environ.get(name) for name in ("PORTAL_MEDIA_ROOT", "PORTAL_BULK_DIR")}
    os.environ["PORTAL_MEDIA_ROOT"] = str(folders["MEDIA_ROOT"])
    os.environ["PORTAL_BULK_DIR"] = str(folders["PORTAL_BULK_DIR"])
    with override_settings(**folders):
        yield folders
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashers take most of a second per password: tests use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches: rate limits (log-in, sign-up) count in the default
    one, public pages are kept in "pages"."""
    for store in caches.all():
        store.clear()
    yield
    for store in caches.all():
        store.clear()


@pytest.fixture
def charter(db) -> CharterVersion:
    """Version 1 of the charter, loaded from the repo's data file and published."""
    version, _ = charter_version_load_file(DATA_DIR / "charter-v1.json")
    return CharterVersion.objects.with_contents().get(pk=version.pk)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.user = user
    return client


@pytest.fixture
def anon_client() -> Client:
    return Client()


@pytest.fixture
def council(db):
    return CouncilFactory(name="Adderbury Parish Council")


@pytest.fixture
def other_council(db):
    return CouncilFactory(name="Bloxham Parish Council")


@pytest.fixture
def user_client(db) -> Client:
    """Signed in, email verified, but not confirmed for any council."""
    return _client_for(UserFactory())


@pytest.fixture
def clerk_client(council) -> Client:
    """The confirmed clerk of ``council`` (and of no other)."""
    role = CouncilRoleFactory(council=council)
    return _client_for(role.user)


@pytest.fixture
def other_clerk_client(other_council) -> Client:
    """The confirmed clerk of ``other_council``."""
    role = CouncilRoleFactory(council=other_council)
    return _client_for(role.user)


@pytest.fixture
def officer(db):
    """A policy officer (two factors set up), not signed in: for calling services as the policy
    team."""
    return PolicyOfficerFactory()


@pytest.fixture
def policy_client(db) -> Client:
    """A policy officer with two factors set up."""
    return _client_for(PolicyOfficerFactory())


@pytest.fixture
def admin_client(db) -> Client:
    return _client_for(AdminFactory())
