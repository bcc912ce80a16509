from django.urls import path

from cultiva.core.imports.urls import wizard_urlpatterns
from cultiva.ideas.imports import services, views

urlpatterns = [
    *wizard_urlpatterns(kind_name=services.KIND.name, prefix="p/<slug:slug>/contributions/import/"),
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
