from django.urls import path

from cultiva.meetings.views import library

urlpatterns = [
    path("p/<slug:slug>/library/", library.library, name="library"),
    path(
        "p/<slug:slug>/meetings/<int:pk>/materials/new/",
        library.material_add,
        name="material_add",
    ),
    path(
        "p/<slug:slug>/materials/<int:pk>/download/",
        library.material_download,
        name="material_download",
    ),
    path(
        "p/<slug:slug>/materials/<int:pk>/delete/",
        library.material_remove,
        name="material_delete",
    ),
]
