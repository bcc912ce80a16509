"""The funding catalogue's URLs (helper fcat): appended to funding/urls.py."""

from __future__ import annotations

from django.urls import path

from cultiva.core.imports.urls import wizard_urlpatterns
from cultiva.funding import catalogue_import, views_catalogue

P = "p/<slug:slug>/funding/"

urlpatterns = [
    path(P, views_catalogue.index, name="index"),
    path(f"{P}catalogue/", views_catalogue.manage, name="catalogue_manage"),
    path(
        f"{P}catalogue/load/",
        views_catalogue.catalogue_load_starting,
        name="catalogue_load_starting",
    ),
    path(f"{P}funders/new/", views_catalogue.funder_create, name="funder_create"),
    path(f"{P}funders/<int:funder_pk>/edit/", views_catalogue.funder_edit, name="funder_edit"),
    path(f"{P}programmes/new/", views_catalogue.programme_create, name="programme_create"),
    path(
        f"{P}programmes/<int:programme_pk>/edit/",
        views_catalogue.programme_edit,
        name="programme_edit",
    ),
    path(f"{P}calls/new/", views_catalogue.call_create, name="call_create"),
    path(f"{P}calls/<int:call_pk>/edit/", views_catalogue.call_edit, name="call_edit"),
    path(f"{P}calls/<int:call_pk>/delete/", views_catalogue.call_delete, name="call_delete"),
    path(f"{P}rates/", views_catalogue.rates, name="rates"),
    path(f"{P}rates/<int:rate_pk>/edit/", views_catalogue.rate_edit, name="rate_edit"),
    path(f"{P}rates/<int:rate_pk>/delete/", views_catalogue.rate_delete, name="rate_delete"),
    path(
        f"{P}calls/import/example.csv",
        views_catalogue.calls_import_example,
        name="calls_import_example",
    ),
    *wizard_urlpatterns(kind_name=catalogue_import.KIND.name, prefix=f"{P}calls/import/"),
]
