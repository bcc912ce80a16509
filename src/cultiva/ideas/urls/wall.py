from django.urls import path

from cultiva.ideas.wall import views

urlpatterns = [
    path("p/<slug:slug>/meetings/<int:pk>/walls/", views.wall_open, name="wall_open"),
    path("walls/<int:pk>/", views.wall_projector, name="wall_projector"),
    path("walls/<int:pk>/<slug:action>/", views.wall_control, name="wall_control"),
    path("w/<str:code>/", views.wall_join, name="wall_join"),
    path("w/<str:code>/post/", views.wall_post, name="wall_post"),
    path("w/<str:code>/dot/", views.wall_dot, name="wall_dot"),
    path("w/<str:code>/state.json", views.wall_state, name="wall_state"),
]
