from django.urls import path

from cultiva.meetings.views import programme

urlpatterns = [
    path("p/<slug:slug>/programme/", programme.programme, name="programme"),
    path("p/<slug:slug>/programme/calendar/", programme.programme_calendar, name="calendar"),
    path("p/<slug:slug>/programme.ics", programme.process_feed, name="process_feed"),
    path("p/<slug:slug>/meetings/new/", programme.meeting_create, name="create"),
    path("p/<slug:slug>/meetings/<int:pk>/", programme.meeting_view, name="detail"),
    path("p/<slug:slug>/meetings/<int:pk>/edit/", programme.meeting_edit, name="edit"),
    path("p/<slug:slug>/meetings/<int:pk>/agenda/", programme.agenda_item_add, name="agenda_add"),
    path(
        "p/<slug:slug>/meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        programme.agenda_item_remove,
        name="agenda_remove",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/questions/",
        programme.registration_question_add,
        name="question_add",
    ),
    path(
        "p/<slug:slug>/meetings/<int:pk>/questions/<int:question_pk>/remove/",
        programme.registration_question_remove,
        name="question_remove",
    ),
    path("p/<slug:slug>/meetings/<int:pk>/meeting.ics", programme.meeting_ics, name="meeting_ics"),
    path("p/<slug:slug>/speakers/", programme.speakers, name="speakers"),
    path("p/<slug:slug>/speakers/new/", programme.speaker_edit, name="speaker_create"),
    path("p/<slug:slug>/speakers/<int:pk>/", programme.speaker_view, name="speaker"),
    path("p/<slug:slug>/speakers/<int:pk>/edit/", programme.speaker_edit, name="speaker_edit"),
    path("me/calendar/", programme.personal_feed_link, name="personal_feed_link"),
    path(
        "calendar/<int:user_pk>/<str:token>/cultiva.ics",
        programme.personal_feed,
        name="personal_feed",
    ),
]
