from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView

from ui.cache import CHARTER, public_page
from ui.forms import is_whole_number

from .diff import version_diff
from .forms import VersionCompareForm
from .models import CharterVersion, Commitment, Principle


class CurrentVersionMixin:
    """Reads the published charter version, or the version named by ?version=N."""

    def get_version(self):
        if not hasattr(self, "_version"):
            number = self.request.GET.get("version", "")
            versions = CharterVersion.objects.public().with_contents()
            if number:
                if not is_whole_number(number):
                    raise Http404("No such charter version.")
                self._version = versions.filter(number=int(number)).first()
            else:
                self._version = versions.published().first()
            if self._version is None:
                raise Http404("The charter has not been published yet.")
        return self._version


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER], reads=["version"]), name="get")
class CharterView(CurrentVersionMixin, DetailView):
    template_name = "commitments/charter.html"
    context_object_name = "version"

    def get_object(self, queryset=None):
        return self.get_version()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="The charter", breadcrumbs=[("Home", "/"), ("The charter", None)], **kwargs
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER]), name="get")
class VersionListView(ListView):
    template_name = "commitments/version_list.html"
    context_object_name = "versions"

    def get_queryset(self):
        return CharterVersion.objects.public()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Versions of the charter",
            breadcrumbs=[("Home", "/"), ("The charter", "/charter/"), ("Versions", None)],
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class VersionDetailView(CharterView):
    def get_version(self):
        try:
            return CharterVersion.objects.public().with_contents().get(number=self.kwargs["number"])
        except CharterVersion.DoesNotExist:
            raise Http404("No such charter version.") from None


class SectionDetailView(CurrentVersionMixin, DetailView):
    """A principle or commitment of the current version, found by its stable key."""

    context_object_name = "section"
    label = ""

    def get_object(self, queryset=None):
        version = self.get_version()
        try:
            return self.model.objects.select_related("version").get(
                version=version, key=self.kwargs["key"]
            )
        except self.model.DoesNotExist:
            raise Http404(f"No such {self.label}.") from None

    def get_context_data(self, **kwargs):
        section = self.object
        return super().get_context_data(
            page_title=section.title,
            version=section.version,
            breadcrumbs=[("Home", "/"), ("The charter", "/charter/"), (section.title, None)],
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER], reads=["version"]), name="get")
class PrincipleDetailView(SectionDetailView):
    model = Principle
    label = "principle"
    template_name = "commitments/principle_detail.html"


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER], reads=["version"]), name="get")
class CommitmentDetailView(SectionDetailView):
    model = Commitment
    label = "commitment"
    template_name = "commitments/commitment_detail.html"


@method_decorator(login_not_required, name="dispatch")
@method_decorator(public_page(groups=[CHARTER], reads=["from", "to"]), name="get")
class VersionCompareView(TemplateView):
    """What changed between two published (or superseded) versions, ``?from=N&to=M``; by
    default the version before the current one and the current one. A draft's number, or
    anything not a version, is refused next to its field (400). Constant queries: the list of
    versions, then both versions with their contents."""

    template_name = "commitments/version_compare.html"

    def get(self, request, *args, **kwargs):
        versions = list(CharterVersion.objects.public())
        form = VersionCompareForm(
            VersionCompareForm.with_defaults(request.GET, versions=versions), versions=versions
        )
        diff = None
        if versions and form.is_valid():
            numbers = (form.cleaned_data["from"], form.cleaned_data["to"])
            both = {
                v.number: v
                for v in CharterVersion.objects.with_contents().filter(number__in=numbers)
            }
            diff = version_diff(both[numbers[0]], both[numbers[1]])
        context = self.get_context_data(form=form, diff=diff, versions=versions, **kwargs)
        return self.render_to_response(context, status=400 if versions and form.errors else 200)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="What changed between versions of the charter",
            breadcrumbs=[
                ("Home", "/"),
                ("The charter", "/charter/"),
                ("Versions", "/charter/versions/"),
                ("What changed", None),
            ],
            **kwargs,
        )
