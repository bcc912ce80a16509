from django.urls import path

from cultiva.processes import views

app_name = "processes"

urlpatterns = [
    path("p/<slug:slug>/", views.process_detail, name="detail"),
    path("p/<slug:slug>/erasure/", views.process_erasure, name="erasure"),
]
