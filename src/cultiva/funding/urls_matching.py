"""The matching pages: a call's terms with the projects that fit it, a project's matches."""

from django.urls import path

from cultiva.funding import views_matching

urlpatterns = [
    path(
        "p/<slug:slug>/funding/calls/<int:call_pk>/",
        views_matching.call_detail,
        name="call_detail",
    ),
    path(
        "p/<slug:slug>/funding/projects/<int:project_pk>/",
        views_matching.project_matches,
        name="project_matches",
    ),
]
