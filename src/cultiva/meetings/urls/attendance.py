from django.urls import path

from cultiva.meetings.views import attendance

urlpatterns = [
    path("p/<slug:slug>/meetings/<int:pk>/checkin/", attendance.checkin, name="checkin"),
    path(
        "p/<slug:slug>/meetings/<int:pk>/checkin/<int:registration_pk>/",
        attendance.checkin_mark,
        name="checkin_mark",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/checkin/walk-in/",
        attendance.checkin_walkin,
        name="checkin_walkin",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/checkin/poster/",
        attendance.checkin_poster,
        name="checkin_poster",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/checkin/qr.svg", attendance.checkin_qr, name="checkin_qr"
    ),
    path("checkin/<str:code>/", attendance.self_checkin, name="self_checkin"),
    path("p/<slug:slug>/attendance/", attendance.cohort, name="cohort"),
    path(
        "p/<slug:slug>/attendance/export.<str:fmt>",
        attendance.cohort_export,
        name="cohort_export",
    ),
]
