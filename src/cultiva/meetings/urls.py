from django.urls import path

from cultiva.meetings import views

app_name = "meetings"

urlpatterns = [
    path("p/<slug:slug>/meetings/<int:pk>/", views.meeting_view, name="detail"),
]
