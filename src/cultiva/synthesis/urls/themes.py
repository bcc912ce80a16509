from django.urls import path

from cultiva.synthesis.views import themes as views

urlpatterns = [
    path("p/<slug:slug>/themes/", views.theme_summary, name="theme_summary"),
    path("p/<slug:slug>/themes/board/", views.theme_board, name="theme_board"),
    path("p/<slug:slug>/themes/board/status/", views.theme_run_status, name="theme_run_status"),
    path("p/<slug:slug>/themes/run/", views.theme_run, name="theme_run"),
    path("p/<slug:slug>/themes/new/", views.theme_create, name="theme_create"),
    path("p/<slug:slug>/themes/export.<str:fmt>", views.themes_export, name="themes_export"),
    path("p/<slug:slug>/themes/publish/", views.board_publish, name="theme_publish"),
    path("p/<slug:slug>/themes/promote/", views.selection_promote, name="theme_selection_promote"),
    path("p/<slug:slug>/themes/<int:pk>/", views.theme_detail, name="theme_detail"),
    path("p/<slug:slug>/themes/<int:pk>/rename/", views.theme_rename, name="theme_rename"),
    path("p/<slug:slug>/themes/<int:pk>/describe/", views.theme_describe, name="theme_describe"),
    path("p/<slug:slug>/themes/<int:pk>/lock/", views.theme_lock, name="theme_lock"),
    path("p/<slug:slug>/themes/<int:pk>/split/", views.theme_split, name="theme_split"),
    path("p/<slug:slug>/themes/<int:pk>/move/", views.theme_move, name="theme_move"),
    path("p/<slug:slug>/themes/<int:pk>/merge/", views.theme_merge, name="theme_merge"),
    path("p/<slug:slug>/themes/<int:pk>/promote/", views.theme_promote, name="theme_promote"),
]
