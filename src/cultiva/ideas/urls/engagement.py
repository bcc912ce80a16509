from django.urls import path

from cultiva.ideas.engagement import views

urlpatterns = [
    path("contributions/<int:pk>/support/", views.support_toggle, name="support"),
    path("contributions/<int:pk>/follow/", views.follow_toggle, name="follow"),
    path("contributions/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("contributions/<int:pk>/report/", views.contribution_report, name="report"),
    path("contributions/<int:pk>/hide/", views.contribution_hide, name="hide"),
    path("contributions/<int:pk>/restore/", views.contribution_restore, name="restore"),
    path("comments/<int:pk>/report/", views.comment_report, name="comment_report"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="comment_hide"),
    path("comments/<int:pk>/restore/", views.comment_restore, name="comment_restore"),
    path("reports/<int:pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("p/<slug:slug>/moderation/", views.moderation_queue, name="moderation"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
