from django.urls import path

from cultiva.meetings.views import announcements

urlpatterns = [
    path(
        "p/<slug:slug>/announcements/",
        announcements.announcements_index,
        name="announcements",
    ),
    path(
        "p/<slug:slug>/announcements/new/",
        announcements.announcement_new,
        name="announcement_new",
    ),
    path(
        "p/<slug:slug>/announcements/<int:pk>/",
        announcements.announcement_view,
        name="announcement",
    ),
]
