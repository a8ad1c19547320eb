"""View plumbing written once: breadcrumbs, pagination, a service's ``ValidationError`` on a
form, and a CSV upload's problems on its file field. (The edit-conflict page is
``ui.conflicts``; status tags are the ``status_tag`` filter of ``ui.templatetags.govuk``.)"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.shortcuts import resolve_url

HOME = ("Home", "/")

# Pages of a higher floor that trails on lower floors start from, by a short name ("policy":
# the policy team's dashboard). The higher app registers its page in its ``AppConfig.ready()``,
# so a lower floor never names the higher floor's URL.
_starts: dict[str, tuple[str, str]] = {}


def breadcrumbs_start_register(name: str, *, label: str, url: str) -> None:
    """Register the page a trail ``start=name`` begins with (after home): ``label`` and ``url``
    (a URL name or path: anything ``resolve_url`` takes). Again: replaced."""
    _starts[name] = (label, url)


def breadcrumbs_start(name: str) -> tuple[str, str]:
    """``(label, address)`` of the registered page ``name``; ``KeyError`` if none is."""
    label, url = _starts[name]
    return label, resolve_url(url)


def _head(start: str | None) -> list[tuple[str, str]]:
    return [HOME] if start is None else [HOME, breadcrumbs_start(start)]


def breadcrumbs(
    *trail: tuple[str, str], title: str, start: str | None = None
) -> list[tuple[str, str | None]]:
    """The GOV.UK breadcrumbs of a page (``includes/_breadcrumbs.html``): home, the registered
    page ``start`` if given (see ``breadcrumbs_start_register``), then ``trail`` (``(label,
    address)`` pairs), then the page's own ``title`` (no link)."""
    return [*_head(start), *trail, (title, None)]


def titled(title: str, *trail: tuple[str, str], start: str | None = None) -> dict:
    """The context of a page titled ``title``: its ``page_title`` and its ``breadcrumbs``
    (``breadcrumbs(*trail, title=title, start=start)``), to pass as ``**titled(...)``."""
    return {"page_title": title, "breadcrumbs": breadcrumbs(*trail, title=title, start=start)}


def crumbs_under(
    label: str, url: str, *, start: str | None = None
) -> Callable[..., list[tuple[str, str | None]]]:
    """The trail of a group of pages under one page (``label``; ``url``: a URL name or path),
    as a function of the rest of the trail: ``crumbs(*last)`` is home, the registered page
    ``start`` if given, ``(label, address)``, then ``last`` (``(label, address or None)``
    pairs, the page's own last). For ``FormPageMixin.crumbs``."""

    def crumbs(*last: tuple[str, str | None]) -> list[tuple[str, str | None]]:
        return [*_head(start), (label, resolve_url(url)), *last]

    return crumbs


def page_range(page: Page) -> list:
    """The page numbers the GOV.UK pagination shows for ``page``: the first and last, one each
    side of the current page, ``Paginator.ELLIPSIS`` between."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


class FilteredListMixin:
    """For a list view filtered by the query string: ``filter_class`` (a django-filter
    ``FilterSet``) over ``base_queryset()``, built once a request. An empty query string is an
    unbound filter (everything shows); ``get_queryset`` is the filtered queryset."""

    filter_class = None

    def base_queryset(self):
        raise NotImplementedError

    def get_filterset(self):
        if not hasattr(self, "filterset"):
            self.filterset = self.filter_class(
                self.request.GET or None, queryset=self.base_queryset()
            )
        return self.filterset

    def get_queryset(self):
        return self.get_filterset().qs

    def filter_query(self) -> str:
        """The valid filters, as a query string for download links (``""`` when unfiltered):
        the fields with an error and the page number left out."""
        filterset = self.get_filterset()
        if not filterset.is_bound:
            return ""
        params = filterset.form.data.copy()
        for name in [*filterset.form.errors, "page"]:
            params.pop(name, None)
        return params.urlencode()


class PagedListMixin:
    """For a ``ListView`` with ``paginate_by``: a nonsense or out-of-range ``?page=`` shows the
    nearest page, not a 404, and the context has ``page_range`` for the pagination include.
    A cached public page must declare ``page`` in its ``reads``."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page_range(page)
        return context


class FormPageMixin:
    """The context of ``includes/form_page.html`` for a view of one form: ``heading`` (the
    page's title too), ``caption()``, ``button``, ``cancel_url()`` and the breadcrumbs, which are
    ``crumbs(*trail)`` (the app's own, a ``staticmethod``) ending at the heading."""

    template_name = "includes/form_page.html"
    heading = ""
    button = "Save"
    crumbs = None

    def caption(self) -> str:
        return ""

    def cancel_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.heading,
            heading=self.heading,
            caption=self.caption(),
            button=self.button,
            cancel_url=self.cancel_url(),
            breadcrumbs=self.crumbs((self.heading, None)),
            **kwargs,
        )


def form_errors_add(form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: each message next to the field it names
    where the form has that field, the others (and a plain error) at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


MAX_FILE_ERRORS_SHOWN = 50  # a file with more problems lists these, then how many more


def file_errors_add(form, errors: list[str], *, field: str = "file") -> None:
    """Show an upload's problems (one message each, by line) on the form's file ``field``: the
    first ``MAX_FILE_ERRORS_SHOWN``, how many more, and that nothing was saved."""
    shown = errors[:MAX_FILE_ERRORS_SHOWN]
    for message in shown:
        form.add_error(field, message)
    if len(errors) > len(shown):
        form.add_error(field, f"… and {len(errors) - len(shown)} more problems")
    form.add_error(field, "Nothing was saved: correct the file and upload it again")
