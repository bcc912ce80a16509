"""The wizard's URL patterns for one kind, to include in the owning app's urlpatterns."""

from __future__ import annotations

from django.urls import path

from cultiva.core.imports import kind_get, views


def wizard_urlpatterns(*, kind_name: str, prefix: str) -> list:
    """start, columns, check and commit under `prefix` (ending in "/"), named
    `<kind.url_prefix><step>`. A process-scoped prefix holds `<slug:slug>`."""
    kind = kind_get(kind_name)
    if (kind.scope == "process") != ("<slug:slug>" in prefix):
        raise ValueError(f"{kind_name}: a process-scoped kind's prefix holds <slug:slug>")
    extra = {"kind_name": kind_name}
    name = kind.url_prefix
    return [
        path(prefix, views.import_start, extra, name=f"{name}start"),
        path(f"{prefix}<int:pk>/columns/", views.import_columns, extra, name=f"{name}columns"),
        path(f"{prefix}<int:pk>/check/", views.import_check, extra, name=f"{name}check"),
        path(f"{prefix}<int:pk>/commit/", views.import_commit, extra, name=f"{name}commit"),
    ]
