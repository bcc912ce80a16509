from django.urls import path

from cultiva.synthesis.views import duplicates as views

urlpatterns = [
    path("p/<slug:slug>/duplicates/", views.duplicate_queue, name="duplicate_queue"),
    path("p/<slug:slug>/duplicates/look/", views.duplicates_look, name="duplicates_look"),
    path("p/<slug:slug>/duplicates/<int:pk>/merge/", views.duplicate_merge, name="duplicate_merge"),
    path(
        "p/<slug:slug>/duplicates/<int:pk>/dismiss/",
        views.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    path("p/<slug:slug>/merges/<int:pk>/undo/", views.merge_undo, name="merge_undo"),
    path(
        "p/<slug:slug>/contributions/similar/",
        views.similar_contributions,
        name="similar_contributions",
    ),
]
