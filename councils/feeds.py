"""The Atom feed of new signatories (RFC 4287: an author for the feed, which every entry
inherits; titles are text, summaries HTML, each escaped once as that type)."""

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from commitments.feeds import LicensedFeed

from .models import Council

FEED_SIZE = 50


class SignatoriesFeed(LicensedFeed):
    """The latest councils to sign the charter, newest first. Links use ``SITE_URL``."""

    login_required = False  # public: read by LoginRequiredMiddleware
    title = "New signatories of the Oxfordshire Councils Charter"
    subtitle = "Councils in Oxfordshire that have signed the charter, newest first."

    def link(self):
        return f"{settings.SITE_URL}{reverse('councils:directory')}"

    def feed_url(self):
        return f"{settings.SITE_URL}{reverse('councils:signatories-feed')}"

    def items(self):
        return (
            Council.objects.signed()
            .select_related("district", "signed_version")
            .order_by("-status_changed_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        # Plain text in an Atom <title> (type "text"): the feed generator escapes it as XML.
        return item.name

    def item_description(self, item):
        # An Atom <summary> is type "html" (Django's Atom1Feed): the text is escaped as HTML
        # here, then as XML by the generator, so a reader shows the council's name as typed.
        where = f" in {item.district}" if item.district else ""
        version = f" version {item.signed_version.number} of" if item.signed_version else ""
        kind = (
            item.get_kind_display().lower()
            if item.kind_confirmed
            else "parish council or parish meeting, not yet confirmed,"
        )
        return escape(
            f"{item.name} ({kind}{where}) signed{version} the "
            f"charter on {item.signed_on.day} {item.signed_on:%B %Y}."
        )

    def item_link(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    def item_pubdate(self, item):
        return item.status_changed_at

    def item_updateddate(self, item):
        return item.status_changed_at

    def item_categories(self, item):
        return [item.kind_label] + ([item.district.name] if item.district else [])
