from django.urls import path

from cultiva.ideas.views import contributions, template

urlpatterns = [
    path("p/<slug:slug>/contributions/new/", contributions.contribution_create, name="create"),
    path("p/<slug:slug>/contributions/enter/", contributions.contribution_enter, name="enter"),
    path("contributions/<int:pk>/", contributions.contribution_view, name="detail"),
    path("contributions/<int:pk>/edit/", contributions.contribution_edit, name="edit"),
    path(
        "contributions/<int:pk>/translate/",
        contributions.contribution_translate,
        name="translate",
    ),
    path("contributions/<int:pk>/history/", contributions.contribution_history, name="history"),
    path("contributions/<int:pk>/status/", contributions.contribution_status, name="status"),
    path("p/<slug:slug>/contribution-form/", template.template_index, name="template"),
    path("p/<slug:slug>/contribution-form/add/", template.field_create, name="template_add"),
    path(
        "p/<slug:slug>/contribution-form/<int:field_pk>/edit/",
        template.field_edit,
        name="template_edit",
    ),
    path(
        "p/<slug:slug>/contribution-form/<int:field_pk>/delete/",
        template.field_delete,
        name="template_delete",
    ),
    path(
        "p/<slug:slug>/contribution-form/<int:field_pk>/move/",
        template.field_move,
        name="template_move",
    ),
]
