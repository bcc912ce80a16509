from django.urls import path

from cultiva.synthesis.views import opinion as views

urlpatterns = [
    path("p/<slug:slug>/polls/", views.conversation_list, name="conversation_list"),
    path("p/<slug:slug>/polls/new/", views.conversation_create, name="conversation_create"),
    path("p/<slug:slug>/polls/import/", views.polis_import, name="polis_import"),
    path("p/<slug:slug>/polls/<int:pk>/", views.conversation_detail, name="conversation_detail"),
    path("p/<slug:slug>/polls/<int:pk>/edit/", views.conversation_edit, name="conversation_edit"),
    path(
        "p/<slug:slug>/polls/<int:pk>/open/",
        views.conversation_set_open,
        name="conversation_set_open",
    ),
    path(
        "p/<slug:slug>/polls/<int:pk>/statements/",
        views.conversation_statements,
        name="conversation_statements",
    ),
    path(
        "p/<slug:slug>/polls/<int:pk>/statements/propose/",
        views.statement_propose,
        name="statement_propose",
    ),
    path(
        "p/<slug:slug>/polls/<int:pk>/statements/from-contributions/",
        views.statements_from_contributions,
        name="statements_from_contributions",
    ),
    path(
        "p/<slug:slug>/polls/<int:pk>/statements/<int:statement_pk>/vote/",
        views.vote,
        name="opinion_vote",
    ),
    path(
        "p/<slug:slug>/polls/<int:pk>/statements/<int:statement_pk>/moderate/",
        views.statement_moderate,
        name="statement_moderate",
    ),
    path(
        "p/<slug:slug>/polls/<int:pk>/statements/<int:statement_pk>/languages/",
        views.statement_translate,
        name="statement_translate",
    ),
    path("p/<slug:slug>/polls/<int:pk>/map/", views.conversation_map, name="conversation_map"),
    path(
        "p/<slug:slug>/polls/<int:pk>/map/compute/",
        views.conversation_analyse,
        name="conversation_analyse",
    ),
]
