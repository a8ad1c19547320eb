"""What a signatory can show: its badge (an SVG for its own website) and a printable
certificate of each signature."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView

from ui.cache import CHARTER, COUNCILS, conditional, public_page

from ..models import Council, Signature

BADGE_WIDTH, BADGE_HEIGHT = 320, 64  # CSS pixels; the snippet on the council page says so


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS]), name="get")
@method_decorator(conditional, name="get")  # ETag: browsers and proxies revalidate cheaply
class BadgeView(DetailView):
    """``/councils/<slug>/badge.svg``: the council's signatory status as an SVG image of
    ``BADGE_WIDTH`` x ``BADGE_HEIGHT`` pixels, with a ``<title>`` and ``role="img"`` for screen
    readers. For a signatory: "Signatory of the Oxfordshire Councils Charter", the version and
    the date it signed. ``Cache-Control: no-cache`` with an ``ETag``: a copy may be kept, but it
    is checked (a 304 costs one cache read) so it is never stale after a write."""

    template_name = "councils/badge.svg"
    content_type = "image/svg+xml; charset=utf-8"
    context_object_name = "council"

    def get_queryset(self):
        return Council.objects.select_related("signed_version")

    def get_context_data(self, **kwargs):
        return super().get_context_data(width=BADGE_WIDTH, height=BADGE_HEIGHT, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "public, no-cache"
        return response


def badge_snippet(council: Council) -> dict:
    """What the council page offers to copy: the badge's address, the page it links to and
    its size (absolute addresses, from ``SITE_URL``)."""
    badge = reverse("councils:badge", kwargs={"slug": council.slug})
    return {
        "badge_url": f"{settings.SITE_URL}{badge}",
        "page_url": f"{settings.SITE_URL}{council.get_absolute_url()}",
        "width": BADGE_WIDTH,
        "height": BADGE_HEIGHT,
    }


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER, COUNCILS]), name="get")
class CertificateView(TemplateView):
    """``/councils/<slug>/certificates/<number>/``: the certificate of the council's signature
    of charter version ``number``, to print on A4 (a print stylesheet: no header, footer or
    links' furniture). It says so if the signature was withdrawn, and carries its own address
    as the verification link. 404 if the council has not signed that version."""

    template_name = "councils/certificate.html"

    def get_context_data(self, **kwargs):
        council = get_object_or_404(Council, slug=self.kwargs["slug"])
        signature = (
            Signature.objects.select_related("version")
            .filter(council=council, version__number=self.kwargs["number"])
            .first()
        )
        if signature is None:
            raise Http404("This council has not signed that version of the charter.")
        title = f"Certificate: version {signature.version.number}"
        return super().get_context_data(
            page_title=f"{council.name}: certificate of signature",
            breadcrumbs=[
                ("Home", reverse("home")),
                ("Signatories", reverse("councils:directory")),
                (council.name, council.get_absolute_url()),
                (title, None),
            ],
            council=council,
            signature=signature,
            verification_url=f"{settings.SITE_URL}{self.request.path}",
            page_url=f"{settings.SITE_URL}{council.get_absolute_url()}",
            **kwargs,
        )
