"""The portal's name and address in the sites framework, which allauth's emails read ("Hello
from ...", the address they end with) and which Django creates as "example.com"."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction


def site_sync(site_model=None) -> tuple[str, str]:
    """Write ``settings.SITE_NAME`` and the host (and port) of ``settings.SITE_URL`` into the
    Site ``settings.SITE_ID``, creating it if needed. Returns (name, domain). Run by
    ``bootstrap`` on every release and ``make run``, and by a migration for a new database."""
    if site_model is None:
        from django.contrib.sites.models import Site as site_model
    domain = urlsplit(settings.SITE_URL).netloc or settings.SITE_URL
    with transaction.atomic():
        site_model.objects.update_or_create(
            pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
        )
    return settings.SITE_NAME, domain
