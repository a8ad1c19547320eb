"""Filter plumbing written once (django-filter) for the public lists filtered by GET parameters,
so a filtered list can be shared as a link: a value that is not one of the choices
(``?status=banana``) is a message next to its field, and the other filters still apply."""

import django_filters


def choose(what: str) -> dict[str, str]:
    """The error messages of a choice nobody offered: "Choose ``what`` from the list"."""
    return {"invalid_choice": f"Choose {what} from the list"}


def choice_filter(what: str, **kwargs) -> django_filters.ChoiceFilter:
    """A ``ChoiceFilter`` (``kwargs``: its label, choices, empty label...) whose nonsense value
    gets "Choose ``what`` from the list"."""
    return django_filters.ChoiceFilter(error_messages=choose(what), **kwargs)


def words_filter(*, label: str, method: str, **kwargs) -> django_filters.CharFilter:
    """The search box of a list: words of at most 100 characters, read by ``method``."""
    return django_filters.CharFilter(
        label=label,
        method=method,
        max_length=100,
        error_messages={"max_length": "Search for at most 100 characters"},
        **kwargs,
    )


class LinkFilterSet(django_filters.FilterSet):
    """A ``FilterSet`` read from a link's query string."""

    @property
    def is_filtered(self) -> bool:
        """Whether the link gives any filter (valid or not)."""
        return bool(self.form.is_bound and any(self.form.data.get(name) for name in self.filters))

    def applied(self) -> dict[str, str]:
        """The valid filters given, as {name: value as typed}: for download links and files."""
        cleaned = self.form.cleaned_data
        return {
            name: self.form.data.get(name)
            for name in self.filters
            if cleaned.get(name) not in (None, "", []) and self.form.data.get(name)
        }
