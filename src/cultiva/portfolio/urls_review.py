"""The expert review's addresses, under the process: /p/<slug>/review/…"""

from django.urls import path

from cultiva.portfolio import views_review as views

R = "p/<slug:slug>/review/"
ROUND = R + "<int:round_pk>/"

urlpatterns = [
    path(R, views.review_index, name="review_index"),
    path(R + "new/", views.round_create, name="review_round_new"),
    path(R + "mine/", views.my_reviews, name="review_mine"),
    path(R + "expertise/", views.expertise, name="review_expertise"),
    path(ROUND, views.round_detail, name="review_round"),
    path(ROUND + "edit/", views.round_edit, name="review_round_edit"),
    path(ROUND + "status/", views.round_status, name="review_status"),
    path(ROUND + "criteria/new/", views.criterion_create, name="review_criterion_new"),
    path(ROUND + "criteria/<int:criterion_pk>/", views.criterion_edit, name="review_criterion"),
    path(
        ROUND + "criteria/<int:criterion_pk>/remove/",
        views.criterion_remove,
        name="review_criterion_remove",
    ),
    path(
        ROUND + "criteria/<int:criterion_pk>/move/",
        views.criterion_move,
        name="review_criterion_move",
    ),
    path(ROUND + "projects/", views.round_entries, name="review_entries"),
    path(ROUND + "assign/", views.round_assign, name="review_assign"),
    path(ROUND + "assignments/new/", views.assignment_create, name="review_assignment_new"),
    path(ROUND + "assignments/<int:pk>/", views.assignment_view, name="review_assignment"),
    path(
        ROUND + "assignments/<int:pk>/declare/",
        views.assignment_declare,
        name="review_declare",
    ),
    path(
        ROUND + "assignments/<int:pk>/remove/",
        views.assignment_remove,
        name="review_assignment_remove",
    ),
    path(ROUND + "assignments/<int:pk>/reopen/", views.review_reopen, name="review_reopen"),
    path(ROUND + "progress/", views.progress, name="review_progress"),
    path(ROUND + "progress/remind/", views.remind, name="review_remind"),
]
