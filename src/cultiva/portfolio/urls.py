from django.urls import path

from cultiva.portfolio import views, views_gaps

app_name = "portfolio"

urlpatterns = [
    path("p/<slug:slug>/projects/", views.project_index, name="list"),
    path("p/<slug:slug>/portfolio/gaps/", views_gaps.gap_index, name="gaps"),
    path("p/<slug:slug>/portfolio/gaps/export.xlsx", views_gaps.gap_export, name="gaps_export"),
    path("p/<slug:slug>/projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("p/<slug:slug>/projects/<int:pk>/maturity/", views.project_maturity, name="maturity"),
    path("contributions/<int:pk>/promote/", views.project_promote, name="promote"),
    path("projects/<int:pk>/", views.project_view, name="detail"),
    path("projects/<int:pk>/measures/", views.project_link_measure, name="link_measure"),
]
