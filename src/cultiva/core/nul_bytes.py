"""NUL characters never reach a page's view: one middleware strips them from the input.

PostgreSQL refuses text with a NUL character ("A string literal cannot contain NUL"), so a
`?q=%00` that reaches a filter becomes a server error. No field of the platform has a use for
the character, so it is removed from what views read: the query string (names and values),
form data (urlencoded and multipart fields; uploaded files are left alone: the import refuses
a file with NUL bytes itself), and JSON bodies (`"\\u0000"` in any string or key). An
address whose path holds a NUL is not found (404).

The API (under API_PREFIX) is left to refuse NUL itself, as its schema documents: its text
parameters and fields carry a pattern without control characters (api.params), so a NUL
gets a 422 that names the field, and clients learn what they sent wrong.
"""

from __future__ import annotations

import json

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.http import Http404, QueryDict

from cultiva.core.http import API_PREFIX

NUL = "\x00"
JSON_NUL = b"\\u0000"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _clean_querydict(data: QueryDict) -> QueryDict | None:
    """A copy without NUL characters, or None when there were none (the common case)."""
    if not any(NUL in key or any(NUL in value for value in values) for key, values in data.lists()):
        return None
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    cleaned._mutable = False
    return cleaned


def strip_nul_json(value):
    """A decoded JSON value without NUL characters (also used for WebSocket messages)."""
    if isinstance(value, str):
        return value.replace(NUL, "")
    if isinstance(value, list):
        return [strip_nul_json(item) for item in value]
    if isinstance(value, dict):
        return {key.replace(NUL, ""): strip_nul_json(item) for key, item in value.items()}
    return value


def request_strip_nul(request) -> None:
    """Remove NUL characters from everything a view may read from the request."""
    if request.path_info.startswith(API_PREFIX):
        return
    if NUL in request.path_info:
        raise Http404
    query = _clean_querydict(request.GET)
    if query is not None:
        request.GET = query
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        form = _clean_querydict(request.POST)
        if form is not None:
            request.POST = form
    elif content_type.endswith("json"):
        body = request.body
        if JSON_NUL in body:
            try:
                data = json.loads(body)
            except ValueError:
                return  # malformed JSON: the view refuses it itself
            request._body = json.dumps(strip_nul_json(data)).encode()


class StripNulBytesMiddleware:
    """See the module's docstring. Works in both sync and async request handling."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        request_strip_nul(request)
        return self.get_response(request)

    async def __acall__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            # Parsing an upload reads and writes files: not on the event loop.
            await sync_to_async(request_strip_nul)(request)
        else:
            # The query string and a body ASGI has already received: no I/O, no thread.
            request_strip_nul(request)
        return await self.get_response(request)
