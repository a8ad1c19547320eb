"""A council's meeting pack: a public, printable page and its Word document (see
``councils.meeting_pack``). Only councils that exist today have one: an ended council is a 404.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from ui.cache import CHARTER, COUNCILS, PROGRESS, public_page

from ..meeting_pack import meeting_pack, meeting_pack_docx
from ..models import Council
from .mixins import council_crumbs

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MeetingPackMixin:
    context_object_name = "council"

    def get_queryset(self):
        return Council.objects.current().select_related("district", "signed_version")


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[COUNCILS, CHARTER, PROGRESS]), name="get")
class MeetingPackView(MeetingPackMixin, DetailView):
    template_name = "councils/meeting_pack.html"

    def get_context_data(self, **kwargs):
        council = self.object
        title = f"Meeting pack for {council.name}"
        return super().get_context_data(
            pack=meeting_pack(council),
            page_title=title,
            breadcrumbs=council_crumbs(council, ("Meeting pack", None)),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class MeetingPackDocxView(MeetingPackMixin, DetailView):
    """The pack as a Word document, named after the council."""

    def render_to_response(self, context, **response_kwargs):
        council = self.object
        response = HttpResponse(meeting_pack_docx(meeting_pack(council)), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="meeting-pack-{council.slug}.docx"'
        return response
