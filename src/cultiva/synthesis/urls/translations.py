from django.urls import path

from cultiva.synthesis.views import translations as views

urlpatterns = [
    path("p/<slug:slug>/translations/", views.translation_queue, name="translation_queue"),
]
