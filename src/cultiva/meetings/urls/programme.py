from django.urls import path

from cultiva.meetings.views import programme

urlpatterns = [
    path("p/<slug:slug>/meetings/<int:pk>/", programme.meeting_view, name="detail"),
]
