from django.urls import path

from cultiva.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("p/<slug:slug>/projects/", views.project_index, name="list"),
    path("p/<slug:slug>/projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("p/<slug:slug>/projects/<int:pk>/maturity/", views.project_maturity, name="maturity"),
    path("p/<slug:slug>/projects/<int:pk>/history/", views.project_history, name="history"),
    path(
        "p/<slug:slug>/projects/<int:pk>/attachments/<int:attachment_pk>/",
        views.project_attachment,
        name="attachment",
    ),
    path("contributions/<int:pk>/promote/", views.project_promote, name="promote"),
    path("projects/<int:pk>/", views.project_view, name="detail"),
    path("projects/<int:pk>/measures/", views.project_link_measure, name="link_measure"),
]
