"""Page-numbered pages of the API, each stating the licence of the data."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class PortalPagination(PageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=N`` (at most 500, 100 by default). The body is
    ``{"count", "next", "previous", "licence", "results"}``; ``licence`` is
    ``DataLicence.as_metadata()``. A page beyond the last is a 404 that says so."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.licence = getattr(view, "licence", None)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "licence": self.licence.as_metadata() if self.licence else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            "count": response["properties"]["count"],
            "next": response["properties"]["next"],
            "previous": response["properties"]["previous"],
            "licence": LICENCE_SCHEMA,
            "results": schema,
        }
        response["required"] = ["count", "results", "licence"]
        return response


LICENCE_SCHEMA = {
    "type": "object",
    "description": "The licence of the data and the attribution re-users must give.",
    "properties": {
        "name": {"type": "string", "example": "Open Government Licence v3.0"},
        "url": {"type": "string", "format": "uri"},
        "attribution": {"type": "string"},
    },
    "required": ["name", "url", "attribution"],
}
