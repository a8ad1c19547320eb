"""Matching and ranking what was typed against a queryset's text fields.

On PostgreSQL: full-text search with the ``portal_search`` configuration (English stems, accents
ignored: ``search/migrations/0001_portal_search_configuration.py``), each word also a prefix
("adder" finds Adderbury), every word required, ranked with ``ts_rank`` (Django's
``SearchRank``) with the fields weighted in the order given. On SQLite: every word in one of the
fields (``icontains``), in the queryset's own order (rank 0).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import FloatField, Q, Value

from councils.models.register import search_key

CONFIG = "portal_search"
WEIGHTS = "ABCD"


def words(q: str) -> list[str]:
    """What was typed as the search compares it: lower case, no accents or punctuation
    (``councils.models.register.search_key``), at most 10 words. Only letters and digits, so
    nothing typed can be read as tsquery syntax."""
    return search_key(q).split()[:10]


def _vector(fields):
    vector = None
    for weight, name in zip(WEIGHTS, fields, strict=False):
        part = SearchVector(name, config=CONFIG, weight=weight)
        vector = part if vector is None else vector + part
    return vector


def matching(queryset, q: str, fields: list[str]):
    """``queryset`` narrowed to what matches every word of ``q`` in ``fields`` (field names or
    lookups; the first weighs most), annotated ``search_rank`` (a float, higher is better) and
    ordered by it (ties: the queryset's own order). Nothing matches no words."""
    found = words(q)
    if not found:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in found), search_type="raw", config=CONFIG
        )
        vector = _vector(fields)
        return (
            queryset.annotate(search_document=vector)
            .filter(search_document=query)
            .annotate(search_rank=SearchRank(vector, query))
            .order_by("-search_rank", *queryset.query.order_by, "pk")
        )
    for word in found:
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(match)
    return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
