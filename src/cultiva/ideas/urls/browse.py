from django.urls import path

from cultiva.ideas.views import browse

urlpatterns = [
    path("p/<slug:slug>/contributions/", browse.contribution_index, name="list"),
    path("p/<slug:slug>/contributions/map/", browse.contribution_map, name="map"),
]
