"""What every Atom feed of the portal shares: the policy team as the feed's author (RFC 4287:
every entry inherits it) and the open data licence, as the feed's ``<rights>`` and as an HTTP
``Link`` header (as on every download)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import DataLicence


class LicensedFeed(Feed):
    """An Atom feed whose one object is the current ``DataLicence``; subclasses give the title,
    the links and the items."""

    feed_type = Atom1Feed
    author_name = "Oxfordshire Councils Charter policy team"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Link"] = DataLicence().link_header()  # the licence's address is fixed
        return response

    def get_object(self, request, *args, **kwargs):
        return DataLicence.objects.current()  # the feed's one object: its licence

    def feed_copyright(self, licence):
        """The licence and attribution, as the feed's Atom ``<rights>``."""
        return f"{licence.attribution} {licence.url}"
