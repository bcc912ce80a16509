"""Every URL pattern of the site, found by walking Django's URL resolver, and its API methods.

Nothing here lists views by hand: a new `path()` or API operation is found by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ROUTE_PARAM = re.compile(r"(?<!\?P)<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")


@dataclass(frozen=True)
class Route:
    text: str  # the whole pattern, e.g. "p/<slug:slug>/meetings/<int:pk>/"
    name: str  # "meetings:detail"
    params: tuple[str, ...]
    names: tuple[str, ...] = ()  # every name of the pattern's text (API operations share one)

    @property
    def is_api(self) -> bool:
        return self.text.startswith("api/v1/")

    @property
    def is_admin(self) -> bool:
        return self.text.startswith("admin/")


def _pattern_text(pattern) -> str:
    text = str(pattern)
    # Regular-expression patterns (a few in the admin) carry anchors: drop them to join.
    return text.removeprefix("^").removesuffix("$").replace("\\.", ".")


def _params(text: str) -> tuple[str, ...]:
    names = [m["name"] for m in ROUTE_PARAM.finditer(text)]
    names += [m["name"] for m in REGEX_PARAM.finditer(text)]
    return tuple(names)


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            text = prefix + _pattern_text(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                walk(entry, text, inner)
            elif isinstance(entry, URLPattern):
                name = entry.name or getattr(entry.callback, "__name__", "?")
                full = f"{namespace}:{name}" if namespace else name
                routes.append(Route(text=text, name=full, params=_params(text)))

    walk(get_resolver(), "", "")
    # django-ninja adds one pattern per operation of a path (GET and POST of one address):
    # the address is tried once, with every method its operations take.
    merged: dict[str, Route] = {}
    for route in routes:
        seen = merged.get(route.text)
        names = (*(seen.names if seen else ()), route.name)
        merged[route.text] = Route(route.text, names[0], route.params, names)
    return list(merged.values())


def segment_before(text: str, param: str) -> str:
    """The literal path segment just before a parameter ("meetings" for `meetings/<int:pk>`);
    `<other>` when it follows another parameter; two segments ("feedback/questions") are
    returned too as `context2`."""
    return _before(text, param)[0]


def _before(text: str, param: str) -> tuple[str, str]:
    match = next(
        m for m in [*ROUTE_PARAM.finditer(text), *REGEX_PARAM.finditer(text)] if m["name"] == param
    )
    head = text[: match.start()]
    head = REGEX_PARAM.sub(lambda m: f"<{m['name']}>", head)
    head = ROUTE_PARAM.sub(lambda m: f"<{m['name']}>", head)
    parts = [p for p in re.split(r"[/.]", head) if p]
    one = parts[-1] if parts else ""
    two = "/".join(parts[-2:]) if len(parts) >= 2 else one
    return one, two


def contexts(text: str, param: str) -> tuple[str, str]:
    return _before(text, param)


def fill(text: str, values: dict[str, str]) -> str:
    """The URL path of a pattern with its parameters replaced."""
    path = REGEX_PARAM.sub(lambda m: values[m["name"]], text)
    path = ROUTE_PARAM.sub(lambda m: values[m["name"]], path)
    return "/" + path


def api_operations() -> dict[str, list[str]]:
    """{route text under api/v1/: [HTTP methods]} from django-ninja's OpenAPI schema."""
    from cultiva.api.api import api

    schema = api.get_openapi_schema()
    operations: dict[str, list[str]] = {}
    for path, item in schema["paths"].items():
        route = re.sub(r"\{(\w+)\}", r"<\1>", path.removeprefix("/"))
        methods = [m for m in ("get", "post", "put", "patch", "delete") if m in item]
        operations[route] = methods
    return operations
