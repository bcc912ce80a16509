from django.urls import path

from cultiva.ideas.imports import views

urlpatterns = [
    path("p/<slug:slug>/contributions/import/", views.import_start, name="import_start"),
    path(
        "p/<slug:slug>/contributions/import/<int:pk>/columns/",
        views.import_columns,
        name="import_columns",
    ),
    path(
        "p/<slug:slug>/contributions/import/<int:pk>/check/",
        views.import_check,
        name="import_check",
    ),
    path(
        "p/<slug:slug>/contributions/import/<int:pk>/commit/",
        views.import_commit,
        name="import_commit",
    ),
    path(
        "p/<slug:slug>/contributions/import/template.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
    path(
        "p/<slug:slug>/contributions/export.<str:fmt>",
        views.contribution_export,
        name="export",
    ),
]
