"""The versioned REST API at /api/v1, with its OpenAPI schema at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Cultiva API",
    version="1",
    urls_namespace="api",
    description="Read access to territory, organisations, meetings, contributions and projects.",
)
