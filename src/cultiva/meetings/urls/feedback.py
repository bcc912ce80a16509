from django.urls import path

from cultiva.meetings.views import feedback

urlpatterns = [
    path(
        "p/<slug:slug>/feedback/questions/",
        feedback.question_list,
        name="feedback_questions",
    ),
    path(
        "p/<slug:slug>/feedback/questions/<int:question_pk>/edit/",
        feedback.question_edit,
        name="feedback_question_edit",
    ),
    path(
        "p/<slug:slug>/feedback/questions/<int:question_pk>/delete/",
        feedback.question_delete,
        name="feedback_question_delete",
    ),
    path("p/<slug:slug>/meetings/<int:pk>/feedback/", feedback.feedback_form, name="feedback"),
    path(
        "p/<slug:slug>/meetings/<int:pk>/feedback/results/",
        feedback.results,
        name="feedback_results",
    ),
]
