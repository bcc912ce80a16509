from django.urls import path

from cultiva.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.dashboard, name="dashboard"),
    path("territory/", views.territory, name="territory"),
    path("activity/", views.activity, name="activity"),
]
