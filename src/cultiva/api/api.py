"""The versioned REST API at /api/v1, with its OpenAPI schema at /api/v1/openapi.json.

Reading needs no account: without a token the API shows what the public may see. A bearer
token (`Authorization: Bearer cv_…`, see `manage.py create_api_token`) gives its owner's
rights; an invalid or revoked one is refused with 401.
"""

from ninja import NinjaAPI, Swagger

from cultiva.api.auth import AnonymousAuth, BearerAuth
from cultiva.api.endpoints import (
    contributions,
    fallback,
    funding,
    gaps,
    meetings,
    organisations,
    processes,
    projects,
    proposals,
    registrations,
    review_results,
    taxonomy,
    territory,
)
from cultiva.api.errors import install_exception_handlers
from cultiva.api.language import LANG_PARAMETER, api_languages, with_requested_language


class CultivaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        lang = {
            "in": "query",
            "name": LANG_PARAMETER,
            "required": False,
            "schema": {"type": "string", "enum": api_languages()},
            "description": "Language of the display_* fields and messages "
            "(default: Accept-Language).",
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict):
                    continue
                # The token is optional: `{}` tells clients that anonymous calls are allowed.
                if operation.get("security") and {} not in operation["security"]:
                    operation["security"].append({})
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == LANG_PARAMETER for p in parameters):
                    parameters.append(lang)
        return schema


api = CultivaAPI(
    title="Cultiva API",
    version="1",
    urls_namespace="api",
    description="Read access to territory, organisations, meetings, contributions and projects. "
    "Anonymous calls see public data; `Authorization: Bearer <token>` reads with the token "
    "owner's rights.",
    auth=[BearerAuth(), AnonymousAuth()],
    # The docs work offline (a county's intranet): Swagger UI from django-ninja's own static
    # files ("ninja" in INSTALLED_APPS), and no call to the public validator at swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_decorator(with_requested_language, mode="view")
install_exception_handlers(api)

api.add_router("/territory", territory.router)
api.add_router("/taxonomy", taxonomy.router)
api.add_router("/organisations", organisations.router)
api.add_router("/processes", processes.router)
api.add_router("/processes", meetings.router)
api.add_router("/processes", contributions.router)
api.add_router("/processes", projects.router)
api.add_router("/processes", gaps.router)
api.add_router("/processes", proposals.router)
api.add_router("/processes", registrations.router)
api.add_router("/processes", review_results.router)
api.add_router("/processes", funding.router)
api.add_router("/me", registrations.me_router)
api.add_router("/funding-applications", funding.applications_router)
api.add_router("/contributions", contributions.contribution_router)
api.add_router("", fallback.router)  # last: it matches every other address
