from django.urls import path

from cultiva.meetings.views import certificates

urlpatterns = [
    path(
        "p/<slug:slug>/meetings/<int:pk>/certificate/",
        certificates.meeting_certificate,
        name="certificate",
    ),
    path("p/<slug:slug>/certificate/", certificates.series_certificate, name="series_certificate"),
    path(
        "certificates/verify/", certificates.certificate_verify_form, name="certificate_verify_form"
    ),
    path(
        "certificates/verify/<str:code>/",
        certificates.certificate_verify,
        name="certificate_verify",
    ),
]
