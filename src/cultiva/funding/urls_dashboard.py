from django.urls import path

from cultiva.funding import views_dashboard as views

urlpatterns = [
    path("p/<slug:slug>/funding/dashboard/", views.dashboard, name="dashboard"),
    path(
        "p/<slug:slug>/funding/dashboard/publish/",
        views.dashboard_publish,
        name="dashboard_publish",
    ),
    path(
        "p/<slug:slug>/funding/dashboard/export/", views.dashboard_export, name="dashboard_export"
    ),
]
