"""``manage.py bootstrap``, run by ``make run`` and on every release: the real charter, the
council register and the roles, idempotent; and the pages the previous release cached are
stale afterwards (the page cache's middleware serves stored pages before any view)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from commitments.models import CharterVersion
from councils.models import Council
from ui import cache as page_cache

pytestmark = pytest.mark.django_db(transaction=True)  # every command commits, as in a release


def test_bootstrap_loads_everything_and_can_run_again(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    call_command("bootstrap", verbosity=0)
    counts = (CharterVersion.objects.count(), Council.objects.count(), Group.objects.count())
    assert counts[0] == 1 and counts[1] >= 300 and counts[2] >= 1

    client = Client()
    client.get("/charter/")
    assert client.get("/charter/")[page_cache.CACHE_HEADER] == "hit"

    call_command("bootstrap", verbosity=0)  # the next release
    assert (
        CharterVersion.objects.count(),
        Council.objects.count(),
        Group.objects.count(),
    ) == counts
    assert client.get("/charter/")[page_cache.CACHE_HEADER] == "miss"
    # The toolkit's guide "How to become a signatory": made by the first run only.
    from toolkit.models import SIGNATORY_GUIDE_SLUG, Resource

    assert Resource.objects.filter(slug=SIGNATORY_GUIDE_SLUG, status="published").count() == 1
    assert client.get(f"/toolkit/{SIGNATORY_GUIDE_SLUG}/").status_code == 200
