"""What API operations answer when they refuse, documented where the refusal comes from.

Every error body is one `Error` schema: `{"detail": ...}`. The routers of the API are
`ApiRouter`s, which add to each operation's documented responses the refusals that shared
code gives for every operation, so the OpenAPI schema cannot forget them:

- 401: the API's bearer auth refuses an unknown, revoked or inactive token (`auth.py`);
- 422: parameters (and `?lang=`, see `language.py`) that do not fit their declared type;
- 400: a request body that is not JSON, for operations that read a body (`ObjectIn`).

What depends on the operation's own code (403 from a rule, 404 from a lookup, 409 from a
conflict with the current state) each operation lists itself, with `errors(...)`.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.constants import NOT_SET
from ninja.schema import DjangoGetter
from pydantic import ValidationInfo, model_validator

AUTH_REFUSED = 401
PARAMETERS_REFUSED = 422
BODY_UNREADABLE = 400


class FieldProblem(Schema):
    type: str = Field(description="Kind of problem, e.g. `missing`, `string_too_long`.")
    loc: list[str | int] = Field(description="Where: `query`/`path`/`body`, then the field.")
    msg: str


class Error(Schema):
    detail: str | list[FieldProblem | str] = Field(
        description="What went wrong, in the request's language; a list with one entry "
        "per problem when the input was refused field by field."
    )


def errors(*statuses: int) -> dict[int, type[Error]]:
    """`response={200: X, **errors(403, 404)}`: the operation may answer these with an Error."""
    return dict.fromkeys(statuses, Error)


class ObjectIn(Schema):
    """A JSON request body that must be an object.

    ninja's schemas read attributes from whatever they are given, so `null`, `[]` or `"x"`
    would pass as an object whose fields all have their defaults. Refuse them instead.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler, info: ValidationInfo) -> Any:
        # Replaces ninja's own validator of this name, which wraps anything in a DjangoGetter.
        if isinstance(values, cls):
            return values
        if not isinstance(values, dict):
            raise ValueError(_("Send a JSON object."))
        return handler(DjangoGetter(values, cls, info.context))


def reads_body(view_func) -> bool:
    """Does the operation take an `ObjectIn` request body?"""
    hints = typing.get_type_hints(view_func, include_extras=True)
    for name in inspect.signature(view_func).parameters:
        annotation = hints.get(name)
        if isinstance(annotation, type) and issubclass(annotation, ObjectIn):
            return True
    return False


def documented(response: Any, view_func) -> dict:
    """The operation's own responses plus the errors shared code gives for every operation."""
    if response is NOT_SET:
        raise TypeError(f"{view_func.__qualname__}: declare the responses of every operation.")
    own = dict(response) if isinstance(response, dict) else {200: response}
    shared = [AUTH_REFUSED, PARAMETERS_REFUSED]
    if reads_body(view_func):
        shared.append(BODY_UNREADABLE)
    return {**own, **{status: Error for status in shared if status not in own}}


class ApiRouter(Router):
    """A router whose operations document the shared refusals (see the module's text)."""

    def add_api_operation(self, path, methods, view_func, *, response=NOT_SET, **kwargs):
        if kwargs.get("include_in_schema", True):
            response = documented(response, view_func)
        return super().add_api_operation(path, methods, view_func, response=response, **kwargs)
