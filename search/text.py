"""Matching and ranking what was typed against a queryset's text fields.

On PostgreSQL: full-text search with the ``portal_search`` configuration (English stems, accents
ignored: ``search/migrations/0001_portal_search_configuration.py``), each word also a prefix
("adder" finds Adderbury), every word required, ranked with ``ts_rank`` (Django's
``SearchRank``) with the fields weighted in the order given. On SQLite: every word in one of the
fields compared as ``search_key`` gives it (accents and case ignored through the SQL function
``portal_search_key`` that ``search.apps`` registers on each connection; a plural's final "s"
dropped, so "cafés" finds "café"), in the queryset's own order (rank 0).
"""

import json

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Func, JSONField, Q, TextField, Value

from councils.models.register import search_key

CONFIG = "portal_search"
WEIGHTS = "ABCD"


def words(q: str) -> list[str]:
    """What was typed as the search compares it: lower case, no accents or punctuation
    (``councils.models.register.search_key``), at most 10 words. Only letters and digits, so
    nothing typed can be read as tsquery syntax."""
    return search_key(q).split()[:10]


def sqlite_search_key(text: str | None) -> str | None:
    """``text`` (a column's value) as ``search_key`` gives it, for SQLite's ``portal_search_key``
    function; None stays None."""
    return None if text is None else search_key(text)


def sqlite_search_key_json(text: str | None) -> str | None:
    """A JSON column's value (as Django stores it: accents escaped as ``\\u00e9``) as
    ``search_key`` gives its strings, for SQLite's ``portal_search_key_json`` function."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return search_key(text)
    strings = value if isinstance(value, list) else [value]
    return search_key(" ".join(str(s) for s in strings))


class SearchKey(Func):
    """A field's text as ``search_key`` gives it, on SQLite only (``portal_search_key``, or
    ``portal_search_key_json`` for a JSON field such as a section's statements)."""

    function = "portal_search_key"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        if isinstance(self.get_source_expressions()[0].output_field, JSONField):
            extra_context["function"] = "portal_search_key_json"
        return self.as_sql(compiler, connection, **extra_context)


def _sqlite_word(word: str) -> str:
    """A word as SQLite looks for it inside the text: a plural's final "s" dropped ("cafes"
    finds "cafe", "grants" finds "grant"); short words and "-ss" words as they are."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


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
    keys = {f"search_key_{n}": SearchKey(F(name)) for n, name in enumerate(fields)}
    queryset = queryset.alias(**keys)
    for word in found:
        match = Q()
        for key in keys:
            match |= Q(**{f"{key}__contains": _sqlite_word(word)})
        queryset = queryset.filter(match)
    return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
