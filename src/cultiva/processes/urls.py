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
]

# Inviting a list from a spreadsheet: the import wizard's pages (processes.people_import).
urlpatterns += wizard_urlpatterns(
    kind_name="invitations", prefix="p/<slug:slug>/invitations/import/"
)
