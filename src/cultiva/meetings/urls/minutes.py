from django.urls import path

from cultiva.meetings.views import minutes

urlpatterns = [
    path("p/<slug:slug>/meetings/<int:pk>/minutes/", minutes.minutes_view, name="minutes"),
    path(
        "p/<slug:slug>/meetings/<int:pk>/minutes/edit/",
        minutes.minutes_edit,
        name="minutes_edit",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/minutes/history/",
        minutes.minutes_history,
        name="minutes_history",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/minutes/history/<int:number>/",
        minutes.minutes_revision_view,
        name="minutes_revision",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/minutes/publish/",
        minutes.minutes_publish,
        name="minutes_publish",
    ),
]
