from django.urls import path

from cultiva.ideas import views

app_name = "ideas"

urlpatterns = [
    path("p/<slug:slug>/contributions/", views.contribution_index, name="list"),
    path("p/<slug:slug>/contributions/new/", views.contribution_create, name="create"),
    path("contributions/<int:pk>/", views.contribution_view, name="detail"),
    path("contributions/<int:pk>/status/", views.contribution_status, name="status"),
]
