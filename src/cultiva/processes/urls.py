from django.urls import path

from cultiva.processes import views

app_name = "processes"

urlpatterns = [
    path("p/<slug:slug>/", views.process_detail, name="detail"),
    path("p/<slug:slug>/erasure/", views.process_erasure, name="erasure"),
    path("p/<slug:slug>/logo/", views.process_logo, name="logo"),
    path("processes/setup/", views.setup_list, name="setup_list"),
    path("processes/new/", views.process_create, name="create"),
    path("p/<slug:slug>/setup/", views.process_setup, name="setup"),
    path("p/<slug:slug>/setup/edit/", views.process_edit, name="edit"),
    path("p/<slug:slug>/setup/publish/", views.process_publish, name="publish"),
    path("p/<slug:slug>/setup/copy/", views.process_copy, name="copy"),
    path("p/<slug:slug>/setup/phases/new/", views.phase_create, name="phase_create"),
    path("p/<slug:slug>/setup/phases/<int:phase_pk>/", views.phase_edit, name="phase_edit"),
    path(
        "p/<slug:slug>/setup/phases/<int:phase_pk>/delete/",
        views.phase_delete,
        name="phase_delete",
    ),
    path("p/<slug:slug>/setup/phases/<int:phase_pk>/move/", views.phase_move, name="phase_move"),
]
