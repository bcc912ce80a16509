"""Applications, their checklists and the deadline calendars (funding.views_applications)."""

from django.urls import path

from cultiva.funding import views_applications as views

APPLICATION = "p/<slug:slug>/funding/applications/<int:application_pk>/"

urlpatterns = [
    path(
        "p/<slug:slug>/funding/projects/<int:project_pk>/apply/<int:call_pk>/",
        views.application_start,
        name="application_start",
    ),
    path("p/<slug:slug>/funding/applications/", views.application_list, name="application_list"),
    path(APPLICATION, views.application_detail, name="application_detail"),
    path(f"{APPLICATION}edit/", views.application_edit, name="application_edit"),
    path(f"{APPLICATION}step/", views.application_step, name="application_step"),
    path(
        f"{APPLICATION}checklist/",
        views.application_document_add,
        name="application_document_add",
    ),
    path(
        f"{APPLICATION}checklist/<int:document_pk>/",
        views.application_document,
        name="application_document",
    ),
    path(
        f"{APPLICATION}checklist/<int:document_pk>/file/",
        views.application_document_file,
        name="application_document_file",
    ),
    path("p/<slug:slug>/funding/deadlines.ics", views.deadlines_feed, name="deadlines_feed"),
    path(
        "p/<slug:slug>/funding/organisations/<int:pk>/calendar/<str:token>/deadlines.ics",
        views.organisation_feed,
        name="organisation_feed",
    ),
]
