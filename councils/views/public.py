from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView

from ..models import Council


@method_decorator(login_not_required, name="dispatch")
class DirectoryView(ListView):
    template_name = "councils/directory.html"
    context_object_name = "councils"
    paginate_by = 50

    def get_queryset(self):
        return Council.objects.for_directory()

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title="Signatories", **kwargs)


@method_decorator(login_not_required, name="dispatch")
class CouncilDetailView(DetailView):
    template_name = "councils/council_detail.html"
    context_object_name = "council"

    def get_queryset(self):
        return Council.objects.select_related("district", "signed_version", "replaced_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.object.name,
            breadcrumbs=[("Home", "/"), ("Signatories", "/councils/"), (self.object.name, None)],
            **kwargs,
        )
