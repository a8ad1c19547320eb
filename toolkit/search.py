"""The toolkit's part of the site search: published resources and county services whose words
match (plain ``icontains`` on each word; every word must match)."""

from .models import CountyService, Resource


def search_resources(query: str, limit: int = 10) -> list[Resource]:
    """Up to ``limit`` published resources matching every word of ``query`` (title, summary,
    text), by title; ``[]`` for an empty query. Each has ``title``, ``summary``,
    ``get_absolute_url()``."""
    if not query or not query.strip():
        return []
    return list(
        Resource.objects.published().search(query).for_list().order_by("title", "pk")[:limit]
    )


def search_services(query: str, limit: int = 10) -> list[CountyService]:
    """Up to ``limit`` county services matching every word of ``query`` (service, team, what it
    does for councils), by name; ``[]`` for an empty query. Each has ``name``,
    ``what_it_does``, ``get_absolute_url()`` (the directory, at the service)."""
    if not query or not query.strip():
        return []
    return list(CountyService.objects.search(query).order_by("name", "pk")[:limit])
