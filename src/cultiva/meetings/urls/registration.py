from django.urls import path

from cultiva.meetings.views import registration

urlpatterns = [
    path(
        "p/<slug:slug>/meetings/<int:pk>/register/",
        registration.meeting_register,
        name="register",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/register-colleagues/",
        registration.register_colleagues,
        name="register_colleagues",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/invite/",
        registration.meeting_invite,
        name="invite",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/registrations/",
        registration.meeting_registrations,
        name="registrations",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/registrations.csv",
        registration.meeting_registrations_csv,
        name="registrations_csv",
    ),
    path(
        "registrations/<int:pk>/cancel/",
        registration.registration_cancel,
        name="registration_cancel",
    ),
    path("my/registrations/", registration.my_registrations, name="my_registrations"),
]
