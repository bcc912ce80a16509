"""Page-number pagination with strict limits: a page size above the maximum is an error.

ninja's own `PageNumberPagination` quietly clamps an oversized `page_size`; clients of this
API get a 422 instead, so they learn the limit rather than silently receiving fewer rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = getattr(settings, "API_PAGE_SIZE", 50)
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000  # keeps the offset inside every database's integer range


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Rows per page, at most {MAX_PAGE_SIZE}.",
    )


class PageNumberPagination(PaginationBase):
    Input = PageParams

    class Output(Schema):
        count: int = Field(description="Number of rows on all pages.")
        page: int
        page_size: int
        next: str | None = Field(description="Address of the next page, if any.")
        previous: str | None = Field(description="Address of the previous page, if any.")
        items: list[Any]

    def paginate_queryset(
        self, queryset: QuerySet, pagination: PageParams, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = pagination.page_size
        offset = (pagination.page - 1) * size
        count = self._items_count(queryset)
        return {
            "count": count,
            "page": pagination.page,
            "page_size": size,
            "next": _page_url(request, pagination.page + 1) if offset + size < count else None,
            "previous": (
                _page_url(request, min(pagination.page - 1, max(1, -(-count // size))))
                if pagination.page > 1
                else None
            ),
            "items": queryset[offset : offset + size],
        }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.build_absolute_uri(request.path)}?{query.urlencode()}"
