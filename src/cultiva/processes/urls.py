from django.urls import path

from cultiva.core.imports.urls import wizard_urlpatterns
from cultiva.processes import views, views_people

app_name = "processes"

urlpatterns = [
    path("p/<slug:slug>/", views.process_detail, name="detail"),
    path("p/<slug:slug>/erasure/", views.process_erasure, name="erasure"),
    # The people of a process: roles and invitations (processes.views_people).
    path("p/<slug:slug>/people/", views_people.people_index, name="people"),
    path(
        "p/<slug:slug>/people/<int:user_pk>/roles/",
        views_people.person_roles,
        name="person_roles",
    ),
    path("p/<slug:slug>/invitations/", views_people.invitation_index, name="invitations"),
    path(
        "p/<slug:slug>/invitations/<int:pk>/resend/",
        views_people.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "p/<slug:slug>/invitations/<int:pk>/revoke/",
        views_people.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitation/<str:token>/", views_people.invitation_accept, name="invitation_accept"),
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

# Inviting a list from a spreadsheet: the import wizard's pages (processes.people_import).
urlpatterns += wizard_urlpatterns(
    kind_name="invitations", prefix="p/<slug:slug>/invitations/import/"
)
