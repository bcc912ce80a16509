from django.urls import path

from cultiva.ideas.views import contributions

urlpatterns = [
    path("p/<slug:slug>/contributions/new/", contributions.contribution_create, name="create"),
    path("contributions/<int:pk>/", contributions.contribution_view, name="detail"),
    path("contributions/<int:pk>/status/", contributions.contribution_status, name="status"),
]
