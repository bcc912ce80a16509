"""The meeting series' addresses, one module per feature, all in the `meetings` namespace."""

from cultiva.meetings.urls import (
    announcements,
    attendance,
    certificates,
    feedback,
    library,
    minutes,
    programme,
    registration,
)

app_name = "meetings"

urlpatterns = [
    *programme.urlpatterns,
    *registration.urlpatterns,
    *attendance.urlpatterns,
    *certificates.urlpatterns,
    *library.urlpatterns,
    *minutes.urlpatterns,
    *feedback.urlpatterns,
    *announcements.urlpatterns,
]
